"""Calendar files and invitation emails from plain data (no Flask, no database)."""
