"""Partner-matching engine.

The core (analysis, concepts, vectors, valuechain, index, query, features, model, reasons,
engine, train) is pure Python with numpy/scipy and no Django. The Django app around it keeps
feedback and index versions (models.py), builds the index from the database (documents.py,
store.py, tasks.py) and turns answers into product suggestions (suggestions.py,
explanations.py).

Public API of the core::

    from marketplace.matching import MatchingIndex, MatchingEngine, QueryError

    index = MatchingIndex.build(organisations, collaborations, lexicon=None)  # bulk dicts
    index.save("var/matching-index")          # later: MatchingIndex.load(path)
    engine = MatchingEngine(index)            # uses the versioned model.json
    for s in engine.suggest({"org": "pic:1", "text": "…", "tags": ["SC1"]}, limit=20):
        s.org, s.score, [(r.code, r.params, r.contribution) for r in s.reasons]
    engine.answer(query_dict)                 # bulk line {"id", "suggestions"} | {"id", "error"}

Incremental updates: :class:`IndexBuilder` keeps analysed records; upsert with
``add_organisations`` / ``add_collaborations`` and call ``build()`` again.
Training: :func:`marketplace.matching.train.train` and ``python -m marketplace.matching.train``.

The names below are imported on first use, so loading the Django app does not load numpy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "MatchingEngine": "engine",
    "Suggestion": "engine",
    "FEATURES": "features",
    "IndexBuilder": "index",
    "MatchingIndex": "index",
    "RecordError": "index",
    "RankingModel": "model",
    "Query": "query",
    "QueryError": "query",
    "UnknownOrganisationError": "query",
    "Reason": "reasons",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
