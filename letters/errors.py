"""The error a business rule raises; its message is shown to the user as it is."""


class SOPError(Exception):
    """A business rule refused an action; the message is Indonesian and shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
