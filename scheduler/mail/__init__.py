"""The outbox: emails are queued in the same transaction as the change they announce and
delivered after commit, by SMTP or, in development, into instance/mailbox as .eml files."""
