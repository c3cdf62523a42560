"""Multilingual concept lexicon: find concept ids mentioned in analysed text.

The caller supplies ``{concept_id: [keyword phrase, ...]}`` with phrases in any of nl/en/fr
(e.g. ``{"welding": ["welding", "lassen", "soudage"]}``). Each phrase is analysed with every
language's stemmer, so a Dutch challenge and an English capability that mention the same
concept share its id even though they share no word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from marketplace.matching.analysis import analyze_all_languages

Lexicon = Mapping[str, Sequence[str]]
_WORD = re.compile(r"[^\W_]+")


class ConceptMatcher:
    """Compiled lexicon; :meth:`find` scans a term list for any phrase's term sequence."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon: dict[str, list[str]] = {
            str(cid): [str(p) for p in phrases] for cid, phrases in (lexicon or {}).items()
        }
        self.concepts = sorted(self.lexicon)
        self.position = {c: i for i, c in enumerate(self.concepts)}
        # first term -> [(full term sequence, concept id)], longest sequences first so that
        # "machine learning" is preferred over "machine" when both are keywords.
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for cid, phrases in self.lexicon.items():
            for phrase in phrases:
                words = len(_WORD.findall(phrase))
                for terms in analyze_all_languages(phrase):
                    if words > 1 and len(terms) == 1:
                        # The words that made it specific were stop words: "by-products" is
                        # left as "product", "sur mesure" as "mesure" (a measurement), found
                        # in any text. Such a phrase never stands for its concept.
                        continue
                    self._by_first.setdefault(terms[0], []).append((terms, cid))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: (-len(e[0]), e[1]))

    def __bool__(self) -> bool:
        return bool(self.concepts)

    def find(self, terms: Sequence[str]) -> set[str]:
        """Concept ids whose keyword phrase occurs (as consecutive terms) in ``terms``."""
        found: set[str] = set()
        if not self._by_first:
            return found
        n = len(terms)
        for i, term in enumerate(terms):
            for sequence, cid in self._by_first.get(term, ()):
                k = len(sequence)
                if i + k <= n and tuple(terms[i : i + k]) == sequence:
                    found.add(cid)
        return found

    def find_all(self, documents: Iterable[Sequence[str]]) -> list[set[str]]:
        """:meth:`find` for many documents."""
        return [self.find(doc) for doc in documents]
