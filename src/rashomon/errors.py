"""Errors that reach the user as one line, never a traceback."""


class UserError(Exception):
    """Bad input or a bad request: the message is shown as is."""
