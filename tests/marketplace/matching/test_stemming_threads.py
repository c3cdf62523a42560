"""Stemming from several threads at once (Daphne answers requests in several threads) gives
the same stems as one thread, and never fails: under load, suggestion requests answered 500
(IndexError inside the stemmer) when two threads shared one stemmer object."""

from __future__ import annotations

import threading

from marketplace.matching import analysis

WORDS = [
    f"{stem}{ending}"
    for stem in ("verpakking", "onderhoud", "traceerbaarheid", "digitalisation", "énergétique")
    for ending in ("", "en", "s", "ing", "ement", "heden", "ations", "ique")
]


def test_threads_stem_as_one_thread_does():
    expected = {
        (w, language): analysis._stemmer(language).stemWord(w)
        for w in WORDS
        for language in ("nl", "en", "fr")
    }
    failures: list[BaseException] = []
    wrong: list[tuple[str, str, str]] = []
    start = threading.Barrier(8)

    def work(seed: int) -> None:
        start.wait()
        try:
            for round_ in range(300):
                for n, word in enumerate(WORDS):
                    language = ("nl", "en", "fr")[(n + seed + round_) % 3]
                    got = analysis._stemmer(language).stemWord(word)
                    if got != expected[(word, language)]:
                        wrong.append((word, language, got))
        except BaseException as exc:  # an IndexError is what a shared stemmer raised
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert wrong == []
