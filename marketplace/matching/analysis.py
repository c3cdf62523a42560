"""Language-aware text analysis for nl/en/fr: tokenise, drop stop words, stem.

The analysis is deterministic and stateless apart from a stem cache, so an index built in one
process analyses text exactly as a query in another process does.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

from marketplace.matching import stopwords

LANGUAGES = ("nl", "en", "fr")
_STEMMER_NAMES = {"nl": "dutch", "en": "english", "fr": "french"}

# Letters and digits; apostrophes and hyphens split words, which also handles French elision
# ("l'énergie") and Dutch/English hyphenated compounds.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# A snowball stemmer keeps the word it works on in the object itself: two threads stemming
# with one object corrupt each other's word (IndexError, wrong stems). Daphne answers requests
# in several threads, so each thread gets stemmers of its own.
_per_thread = threading.local()


def _stemmer(language: str) -> snowballstemmer.stemmer:
    stemmers: dict[str, snowballstemmer.stemmer] | None = getattr(_per_thread, "stemmers", None)
    if stemmers is None:
        stemmers = _per_thread.stemmers = {}
    found = stemmers.get(language)
    if found is None:
        found = stemmers[language] = snowballstemmer.stemmer(_STEMMER_NAMES[language])
    return found


@lru_cache(maxsize=400_000)
def stem(word: str, language: str) -> str:
    """Stem one lower-cased word with the snowball stemmer of ``language``, then strip accents.

    Accents are stripped after stemming (the French stemmer needs them) so that "énergie" and
    "energie" meet.
    """
    return _strip_accents(_stemmer(language).stemWord(word))


def words(text: str) -> list[str]:
    """Split ``text`` into lower-cased words (letters/digits), dropping one-character tokens."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1]


def detect_language(text: str | list[str], default: str = "en") -> str:
    """Guess whether a text is Dutch, English or French from its share of function words.

    ``text`` may be a string or its :func:`words`. Returns ``default`` when no function word of
    any language occurs (titles of a few technical words), because the English stemmer is the
    mildest on foreign technical vocabulary.
    """
    tokens = words(text) if isinstance(text, str) else text
    best, best_hits = default, 0
    for language in LANGUAGES:
        vocabulary = stopwords.BY_LANGUAGE[language]
        hits = sum(1 for w in tokens if w in vocabulary)
        if hits > best_hits:
            best, best_hits = language, hits
    return best


def analyze(text: str, language: str | None = None) -> list[str]:
    """Turn a text into index terms: words minus stop words, stemmed in the text's language.

    ``language`` forces the stemmer; by default it is detected per text. Pure numbers are kept
    only when they look like identifiers (3+ digits, e.g. "5G" stays "5g", "2020" stays) because
    years and codes do carry topic in project titles.
    """
    tokens = words(text)
    if not tokens:
        return []
    lang = language or detect_language(tokens)
    own = stopwords.BY_LANGUAGE[lang]
    out = []
    for w in tokens:
        if w in stopwords.ALL or w in own:
            continue
        if w.isdigit() and len(w) < 3:
            continue
        out.append(stem(w, lang))
    return out


def analyze_all_languages(phrase: str) -> set[tuple[str, ...]]:
    """Analyse a short phrase once per language; used for lexicon keywords of unknown language.

    A keyword such as "lasrobot" or "soudage" is stemmed with each stemmer so that it matches a
    text in whichever language that text turns out to be.
    """
    variants = set()
    for language in LANGUAGES:
        terms = tuple(analyze(phrase, language=language))
        if terms:
            variants.add(terms)
    return variants
