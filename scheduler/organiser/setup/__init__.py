"""Setting an event up: its settings, creating and cloning events, the programme and the
B2B sessions."""
