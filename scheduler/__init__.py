"""Event and B2B-meeting scheduler for networks of business clusters."""
