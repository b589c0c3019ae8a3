"""The attendee core shared by every feature package: the attendee's browser session, the
emailed access links, loading a public event, and the choice lists, fields and forms that
several packages' forms use. It imports the models and the mail outbox, never a feature
package (``registration``, ``matchmaking``, ``organiser``, ``public``)."""
