"""Small hand-made marketplaces for the matching-engine tests (plain bulk-format dicts)."""

from __future__ import annotations

from typing import Any

from marketplace.matching import MatchingEngine, MatchingIndex


def org(ref: str, kind: str = "company", country: str = "BE", **extra: Any) -> dict[str, Any]:
    """An organisation record as imported (DESIGN.md bulk format)."""
    return {"ref": ref, "name": ref.title(), "kind": kind, "country": country, **extra}


def project(
    ref: str,
    members: list[str],
    title: str = "",
    start: str = "2016-01-01",
    tags: list[str] | None = None,
    summary: str = "",
) -> dict[str, Any]:
    """A past collaboration; the first member coordinates."""
    return {
        "ref": ref,
        "title": title,
        "summary": summary,
        "start": start,
        "tags": tags or [],
        "participants": [
            {"org": m, "role": "coordinator" if i == 0 else "participant"}
            for i, m in enumerate(members)
        ],
    }


def engine(orgs: list[dict], projects: list[dict], lexicon: dict | None = None) -> MatchingEngine:
    """An engine over a freshly built index, with the versioned model."""
    return MatchingEngine(MatchingIndex.build(orgs, projects, lexicon=lexicon))


def ranked(suggestions: list) -> list[str]:
    """Refs in suggestion order."""
    return [s.org for s in suggestions]
