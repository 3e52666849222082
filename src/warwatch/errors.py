"""One error family for warwatch: every failure a user can see has a stable code and a fix."""

from __future__ import annotations


class WarwatchError(Exception):
    """Base class of every error warwatch raises on purpose."""

    code = "warwatch_error"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(WarwatchError):
    """A document could not be read: missing, empty, binary, too large, malformed, unknown format."""

    code = "input_error"


class ExtractionError(WarwatchError):
    """The NLP or extraction stages failed on a document."""

    code = "extraction_error"


class GeocodeError(WarwatchError):
    """The gazetteer could not be loaded or queried."""

    code = "geocode_error"


class StoreError(WarwatchError):
    """The database could not be opened, migrated or written."""

    code = "store_error"


class EvalError(WarwatchError):
    """A gold file could not be read or scored."""

    code = "eval_error"
