"""Errors that stop the application with a clear one-line message instead of a traceback."""


class ConfigError(Exception):
    """A setting or the environment is wrong; the message says what to fix."""
