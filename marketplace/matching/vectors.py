"""Sparse TF-IDF spaces for analysed texts and for tags.

Terms are strings (stems for text, tag keys for tags); a :class:`TermSpace` maps them to columns
and holds their inverse document frequencies. Matrices are ``scipy.sparse`` CSR, float32, with
rows l2-normalised so that a dot product is a cosine similarity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse


class TermSpace:
    """A vocabulary with inverse document frequencies."""

    def __init__(self, terms: Sequence[str], idf: np.ndarray) -> None:
        self.terms = list(terms)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.position = {t: i for i, t in enumerate(self.terms)}

    def __len__(self) -> int:
        return len(self.terms)

    @classmethod
    def fit(cls, documents: Iterable[Iterable[str]], min_df: int = 1) -> TermSpace:
        """Learn the vocabulary and smoothed idf (``log((1+N)/(1+df)) + 1``) of ``documents``."""
        df: dict[str, int] = {}
        n = 0
        for doc in documents:
            n += 1
            for term in set(doc):
                df[term] = df.get(term, 0) + 1
        terms = sorted(t for t, c in df.items() if c >= min_df)
        counts = np.array([df[t] for t in terms], dtype=np.float64)
        idf = np.log((1.0 + n) / (1.0 + counts)) + 1.0
        return cls(terms, idf)

    def counts(self, documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """Raw term counts, one row per document; unknown terms are ignored."""
        indptr = [0]
        indices: list[int] = []
        data: list[int] = []
        for doc in documents:
            row: dict[int, int] = {}
            for term in doc:
                j = self.position.get(term)
                if j is not None:
                    row[j] = row.get(j, 0) + 1
            indices.extend(row.keys())
            data.extend(row.values())
            indptr.append(len(indices))
        matrix = sparse.csr_matrix(
            (
                np.array(data, dtype=np.float32),
                np.array(indices, dtype=np.int32),
                np.array(indptr, dtype=np.int64),
            ),
            shape=(len(documents), len(self.terms)),
        )
        matrix.sort_indices()
        return matrix

    def weigh(self, counts: sparse.spmatrix) -> sparse.csr_matrix:
        """Sublinear tf (``1 + log tf``) times idf, rows l2-normalised."""
        m = sparse.csr_matrix(counts, dtype=np.float32, copy=True)
        m.data = (1.0 + np.log(np.maximum(m.data, 1.0))).astype(np.float32)
        m = m.multiply(self.idf[np.newaxis, :]).tocsr()
        return normalise_rows(m)

    def vector(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """One query's weighted, l2-normalised vector as (column ids, weights)."""
        row: dict[int, int] = {}
        for term in terms:
            j = self.position.get(term)
            if j is not None:
                row[j] = row.get(j, 0) + 1
        if not row:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        ids = np.fromiter(row.keys(), dtype=np.int64, count=len(row))
        tf = np.fromiter(row.values(), dtype=np.float32, count=len(row))
        w = (1.0 + np.log(tf)) * self.idf[ids]
        return ids, (w / np.linalg.norm(w)).astype(np.float32)


def normalise_rows(m: sparse.spmatrix) -> sparse.csr_matrix:
    """Scale each row of a sparse matrix to unit l2 norm (empty rows stay empty)."""
    m = sparse.csr_matrix(m, dtype=np.float32)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms).astype(np.float32) @ m)


def row_entries(m: sparse.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``m.indices``/``m.data`` of the entries of ``rows`` (row by row, in the
    given order), and each row's number of entries: CSR row selection without building a
    matrix (scipy's indexing costs more than the work for a few rows)."""
    starts = m.indptr[rows]
    lengths = m.indptr[rows + 1] - starts
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return offsets + np.arange(int(lengths.sum())), lengths


def similarities(term_major: sparse.csr_matrix, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Dot products of one query vector with every row of a document matrix.

    ``term_major`` is the transposed document matrix (terms × documents, CSR) so that only the
    posting lists of the query's terms are read.
    """
    n = term_major.shape[1]
    if len(ids) == 0:
        return np.zeros(n, dtype=np.float32)
    rows = term_major[ids]
    return np.asarray(rows.T @ weights, dtype=np.float32).ravel()


_TAG_SPLIT = re.compile(r"[-._:/]+")
_YEAR = re.compile(r"^(19|20)\d\d$")


def tag_keys(tag: str) -> list[str]:
    """Expand one tag into the keys it matches on: itself, and its hierarchical prefixes.

    Call-topic codes are hierarchical ("SC1-PM-08-2017" → "sc1-pm-08", "sc1-pm", "sc1"), and
    year segments name the call round, not the subject, so prefixes are taken after dropping
    them; a topic repeated in a later round ("ICT-14-2016-2017" after "ICT-14-2014") then shares
    the key "ict-14". Free-text tags ("Health") are one key.
    """
    tag = tag.strip().lower()
    if not tag:
        return []
    keys = ["=" + tag]
    segments = [s for s in _TAG_SPLIT.split(tag) if s and not _YEAR.match(s)]
    for k in range(len(segments), 0, -1):
        keys.append("^" + "-".join(segments[:k]))
    return keys
