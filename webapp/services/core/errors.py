"""Errors a service raises with a message the user can read."""


class ServiceError(Exception):
    """A request the product refuses; ``message`` is translated text for the user."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotFound(ServiceError):
    """The thing asked for does not exist or is not the caller's to see."""
