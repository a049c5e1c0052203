"""The core's own errors. The API maps each class to one HTTP status in one table."""

from __future__ import annotations


class IzagisError(Exception):
    """Base class: ``code`` is stable for clients, the message is for humans."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(IzagisError):
    code = "not_found"


class InvalidInputError(IzagisError):
    code = "invalid_input"


class DatasetError(IzagisError):
    """A file to import is unreadable, in the wrong CRS or breaks a data rule."""

    code = "invalid_dataset"


class DatabaseUnavailableError(IzagisError):
    code = "database_unavailable"


class SchemaBehindError(IzagisError):
    code = "schema_behind"


class ClusterError(IzagisError):
    """The embedded PostgreSQL cluster cannot be set up or started."""

    code = "cluster_error"


class AuthenticationRequiredError(IzagisError):
    """The route needs a signed-in person."""

    code = "authentication_required"


class ForbiddenError(IzagisError):
    """The signed-in person's role may not do this."""

    code = "forbidden"


class RateLimitedError(IzagisError):
    """Too many requests from one address; ``retry_after`` seconds until the next window."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ConflictError(IzagisError):
    """The change contradicts the current state (a plot already held, not free, ...)."""

    code = "conflict"


class PlotNotFreeError(ConflictError):
    code = "plot_not_free"


class PlotHeldError(ConflictError):
    """Another hold keeps the plot; ``conflicts`` lists every such hold."""

    code = "plot_held"

    def __init__(self, message: str, *, conflicts: list[dict[str, object]]) -> None:
        super().__init__(message, field="plot_codes")
        self.conflicts = conflicts


class ConfigurationError(IzagisError):
    """A setting is missing or unsafe."""

    code = "configuration_error"
