"""The domain error hierarchy. Pure Python, so domain cores may raise these."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """A rule of the domain refused an action.

    ``code`` is the machine-readable contract (snake_case, English); ``message`` is the
    user-facing text (Indonesian, already translated by the raiser where it can be); ``params``
    name the row, field or value concerned.
    """

    code: str = "domain_error"
    http_status: int = 400

    def __init__(self, message: str = "", **params: object) -> None:
        self.message = message or self.code
        self.params: Mapping[str, object] = params
        super().__init__(self.message)


class NotAccessible(DomainError):
    """An object does not exist or lies outside the actor's scope: the two look the same."""

    code = "not_accessible"
    http_status = 404


class PermissionDenied(DomainError):
    """The actor may see the object but not do this to it (e.g. a read-only role writing)."""

    code = "permission_denied"
    http_status = 403


class InvalidInput(DomainError):
    """Input failed validation; ``errors`` lists each problem with its row and field."""

    code = "invalid_input"
    http_status = 422

    def __init__(
        self, message: str = "", *, errors: list[RowError] | None = None, **params: object
    ) -> None:
        super().__init__(message, **params)
        self.errors: list[RowError] = errors or []


class RowError:
    """One problem in an imported file: where (row, field) and why, in Indonesian."""

    __slots__ = ("field", "message", "row")

    def __init__(self, *, row: int | None, field: str | None, message: str) -> None:
        self.row = row
        self.field = field
        self.message = message

    def __repr__(self) -> str:
        return f"RowError(row={self.row!r}, field={self.field!r}, message={self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RowError):
            return NotImplemented
        return (self.row, self.field, self.message) == (other.row, other.field, other.message)

    def __hash__(self) -> int:
        return hash((self.row, self.field, self.message))

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.field:
            where.append(f"kolom {self.field}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message
