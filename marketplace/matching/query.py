"""Partner queries: validation of the bulk query format and the errors callers can catch."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marketplace.matching.readiness import ReadinessError, mask_of


class QueryError(ValueError):
    """A query the engine cannot answer; the message says why (safe to show to the caller)."""


class UnknownOrganisationError(QueryError):
    """The query names an organisation ``ref`` that is not in the index."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"unknown organisation {ref!r}: it is not in the matching index")
        self.ref = ref


@dataclass(frozen=True)
class Query:
    """A partner search: who asks (``org``), about what (``text``, ``tags``), minus ``exclude``."""

    id: str = ""
    org: str | None = None
    text: str = ""
    tags: tuple[str, ...] = ()
    exclude: frozenset[str] = field(default_factory=frozenset)
    trl: int = 0  # readiness levels wanted, as a mask (readiness.py); 0 = any

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Query:
        """Validate a bulk-format query ``{"id", "org", "text", "tags", "exclude", "trl"}``.

        Raises :class:`QueryError` when neither an organisation nor a non-blank text is given,
        or when a field has the wrong type.
        """
        if not isinstance(data, Mapping):
            raise QueryError("a query must be a JSON object")
        org = data.get("org")
        text = data.get("text")
        tags = data.get("tags")
        exclude = data.get("exclude")
        if org is not None and not isinstance(org, str):
            raise QueryError("'org' must be an organisation ref (a string)")
        if text is not None and not isinstance(text, str):
            raise QueryError("'text' must be a string")
        for name, value in (("tags", tags), ("exclude", exclude)):
            if value is not None and (
                not isinstance(value, list) or not all(isinstance(v, str) for v in value)
            ):
                raise QueryError(f"'{name}' must be a list of strings")
        try:
            trl = mask_of(data.get("trl"))
        except ReadinessError as error:
            raise QueryError(str(error)) from error
        org = org.strip() if org else None
        text = (text or "").strip()
        if not org and not text:
            raise QueryError("a query needs an organisation ('org') or a non-empty 'text'")
        return cls(
            id=str(data.get("id") or ""),
            org=org or None,
            text=text,
            tags=tuple(t for t in (tags or []) if t.strip()),
            exclude=frozenset(exclude or []),
            trl=trl,
        )
