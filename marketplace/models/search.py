"""Word search that understands Dutch compounds, for challenges and capabilities.

PostgreSQL's full-text search matches whole (stemmed) words, so "lassen robot" never found
"Robotlassen voor series van vijf stuks": Dutch writes compounds as one word, and neither
"lassen" nor "robot" is a word of that title. Each searchable row therefore also stores
`search_text`: its public text lower-cased, without accents, words separated by single spaces
(`normalise`). A query matches when every one of its words is found in that text:

- as a substring ("lassen" in "robotlassen"; words of up to three letters only at the start of
  a word, so "ai" does not match "detail");
- or, without a plural or inflection ending ("robots" → "robot", "verpakkingen" →
  "verpakking");
- or, for a compound in the query, as its two parts in one word of the text, in either order
  ("lasrobot" → "las" + "robot" finds "robotlassen"; also across a linking "s":
  "verpakkingslijn" → "verpakking" + "lijn").

The stored full-text vector (with the Dutch, English and French stemmers) is not asked: tested
per row it is fetched from TOAST for every row the substrings rule out, which made a search on
10,000 challenges several times slower, and the endings above find the plurals and inflections
the labelled query set in the tests asks for.

Rows rank by how directly each word matched: in the title first, then as a whole word, then
as a substring, then in another form, then as compound parts (ties: newest first). On
PostgreSQL `search_text` stays in the row, uncompressed, and has a trigram index (migration
0005) that the planner uses for selective words; SQLite (`make run`) runs the same tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db.models import Case, Expression, FloatField, Q, QuerySet, Value, When

MAX_WORDS = 8
MAX_TEXT = 3_000
SHORT = 3  # words this long or shorter match at the start of a word only
MIN_PART = 3  # the shortest part of a compound
# Endings stripped to find another form of a word (Dutch, English, French plurals and the
# most common inflections), longest first; the stem must keep at least four letters.
ENDINGS = ("ingen", "eaux", "ing", "ies", "ers", "en", "es", "er", "ed", "s", "e", "x")
# Words that carry no meaning in a search (they would match almost any text).
STOPWORDS = frozenset(
    """
    de het een en of van voor met in op aan bij door naar om te tot uit als die dat wat is
    zijn wij we onze ons ik u uw niet geen ook maar dan
    the a an and or of for with in on at by to from as that this is are our we you your not
    le la les un une des du de et ou pour avec dans sur par au aux en que qui est nous notre
    nos vous votre pas
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Lower-case, accents removed, every run of other characters one space, with a space at
    both ends (so that a word's start is " word")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", plain).split()
    return f" {' '.join(words)} " if words else ""


def search_text(*parts: str) -> str:
    """The stored search text of a row made of these texts, most important first, cut at
    MAX_TEXT characters: it stays in the row (not compressed or moved out of line), so that
    testing a few substrings per row stays cheap. On PostgreSQL the full-text vector still
    covers the whole text."""
    text = normalise(" ".join(p for p in parts if p))
    if len(text) > MAX_TEXT:
        text = text[: text.rfind(" ", 0, MAX_TEXT) + 1]
    return text


def is_searched(queryset: QuerySet[Any]) -> bool:
    """Did ``search()`` narrow the queryset and give it a ``rank``? Not when the query had no
    word to search for (only punctuation): then the rows are all there, unranked."""
    return "rank" in queryset.query.annotations


def query_words(text: str, limit: int = MAX_WORDS) -> list[str]:
    """The words of a query: normalised, stop words left out (unless nothing else is left),
    each once, at most `limit`."""
    words = list(dict.fromkeys(normalise(text[:400]).split()))
    meaningful = [w for w in words if w not in STOPWORDS]
    return (meaningful or words)[:limit]


def other_forms(word: str, undoubled: int = 4) -> list[str]:
    """The word without a plural or inflection ending (four letters or more left), and that
    stem without a doubled final consonant when `undoubled` letters or more are left
    ("lassen" → "lass", and "las" when undoubled=3)."""
    forms: list[str] = []
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            stem = word[: -len(ending)]
            forms.append(stem)
            double = stem[-1] == stem[-2] and stem[-1] not in "aeiou"
            if double and len(stem) > undoubled:
                forms.append(stem[:-1])
    return [form for form in dict.fromkeys(forms) if form != word]


def compound_parts(word: str) -> list[tuple[str, list[str]]]:
    """Ways to read the word as a compound: a head of at least MIN_PART letters and a tail
    with its other forms, one of the two at least four letters, also across a linking "s"
    ("verpakkingslijn" → "verpakking" + "lijn"). So "lasrobot" → ("las", ["robot"]) finds
    "robotlassen", and "robotlassen" → ("robot", ["lassen", "lass", "las"]) finds
    "lasrobot"."""
    if len(word) < 2 * MIN_PART + 1:
        return []
    splits: dict[str, dict[str, None]] = {}
    for base in [word, *other_forms(word)[:1]]:
        for i in range(MIN_PART, len(base) - MIN_PART + 1):
            head, tail = base[:i], base[i:]
            tails = splits.setdefault(head, {})
            if max(len(head), len(tail)) >= 4:
                tails.update(dict.fromkeys([tail, *other_forms(tail, undoubled=MIN_PART)]))
            if tail[0] == "s" and len(tail) > MIN_PART + 1:
                tails.update(dict.fromkeys([tail[1:], *other_forms(tail[1:])]))
    return [(head, list(tails)) for head, tails in splits.items() if tails]


def _form(form: str) -> Q:
    """Another form of a query word in the text. A short form is an undoubled stem ("lassen"
    → "las"): at the start of a word and not before a vowel, where Dutch spelling would
    double the consonant again ("lasrobot", not "laser")."""
    if len(form) <= SHORT:
        return Q(search_text__regex=f" {form}[^aeiou]")
    return _contains("search_text", form)


def _contains(field: str, fragment: str) -> Q:
    if len(fragment) <= SHORT:
        return Q(**{f"{field}__contains": f" {fragment}"})
    return Q(**{f"{field}__contains": fragment})


def _in_one_word(splits: list[tuple[str, list[str]]]) -> Q | None:
    """Both parts of a compound in the same word of the text, in either order ("robotlassen"
    for las + robot, not "last-mile robots"), for any of the splits. Each split's regular
    expression runs only on rows that hold both parts (two cheap substring tests first, the
    longer part first), so most rows are never matched against a regular expression. Words
    are [0-9a-z] only: nothing to escape."""
    conditions = []
    for head, tails in splits:
        tail = "|".join(tails)
        has_tail = _any(Q(search_text__contains=t) for t in tails)
        has_head = Q(search_text__contains=head)
        both = has_tail & has_head if len(tails[0]) >= len(head) else has_head & has_tail  # type: ignore[operator]
        conditions.append(
            both & Q(search_text__regex=f"{head}[0-9a-z]*({tail})|({tail})[0-9a-z]*{head}")
        )
    return _any(conditions)


def _any(conditions: Iterable[Q]) -> Q | None:
    combined: Q | None = None
    for condition in conditions:
        combined = condition if combined is None else combined | condition
    return combined


def word_matches(words: list[str], *, title: str, every: bool = True) -> tuple[Q, Expression]:
    """The filter (every word matches, or with every=False any of them) and the rank
    expression for `words` over a model with a `search_text` field and a `title` field."""
    condition: Q | None = None
    rank: Expression = Value(0.0, output_field=FloatField())
    for word in words:
        direct = _contains("search_text", word)
        inflected = _any(_form(form) for form in other_forms(word, undoubled=SHORT))
        compound = _in_one_word(compound_parts(word))
        matches = _any(q for q in (direct, inflected, compound) if q is not None)
        if len(word) > SHORT:
            # Every form and every compound head starts with the word's first letters: one
            # cheap test rules most rows out before the others run.
            matches = Q(search_text__contains=word[:SHORT]) & matches  # type: ignore[operator]
        if condition is None:
            condition = matches
        else:
            condition = condition & matches if every else condition | matches  # type: ignore[operator]
        whens = [
            When(Q(**{f"{title}__icontains": word}), then=Value(4.0)),
            When(Q(search_text__contains=f" {word} "), then=Value(3.0)),
            When(direct, then=Value(2.0)),
        ]
        if inflected is not None:
            whens.append(When(inflected, then=Value(1.5)))
        if compound is not None:
            whens.append(When(compound, then=Value(1.0)))
        rank = rank + Case(*whens, default=Value(0.0), output_field=FloatField())
    return condition or Q(), rank
