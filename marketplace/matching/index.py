"""The matching index: organisations, their track record and every signal's data, as arrays.

Build it with :class:`IndexBuilder` (upsert records, then :meth:`IndexBuilder.build`), or in one
call with :meth:`MatchingIndex.build`. Save/load is a directory holding ``arrays.npz`` and
``meta.json``; loading takes no analysis work, so a fresh process answers within seconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from marketplace.matching.analysis import analyze
from marketplace.matching.concepts import ConceptMatcher, Lexicon
from marketplace.matching.embedding import text_key
from marketplace.matching.readiness import ReadinessError, mask_of
from marketplace.matching.valuechain import ValueChain
from marketplace.matching.vectors import TermSpace, tag_keys

# 4: concept phrases that lose their qualifier to stop words no longer match; "wij" is a
# Dutch stop word (both change what an index holds for the same data).
FORMAT_VERSION = 4
# Text vectors are kept in their own .npy files and memory-mapped on load, so that every web
# process on a machine shares one copy through the page cache (at 100,000 organisations and
# as many projects: 2 × 150 MB of float32).
VECTOR_FILES = ("proj_vec", "org_vec")
# Text vectors are kept as their top principal components (centred on the index's mean): one
# product with 100,000 rows of 384 float32 took 60 ms on a busy 2-core machine, of 128 4 ms,
# and centring spreads the cosines (e5 puts all texts within ~0.7–1.0 of each other).
MEANING_DIM = 128
DEFAULT_HALF_LIFE_YEARS = 3.0
# EU SME definition size classes (marketplace.models.organisations); "large" and "" are not SMEs.
SME_SIZES = frozenset({"micro", "small", "medium"})


class RecordError(ValueError):
    """A record cannot be indexed (missing ``ref``, bad participants)."""


def parse_date(value: Any) -> float | None:
    """``"YYYY-MM-DD"`` (or ``"YYYY"``/``"YYYY-MM"``) as a fractional year; None when absent."""
    if not value:
        return None
    parts = str(value)[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
    except ValueError:
        return None
    return year + (month - 1) / 12.0 + (day - 1) / 365.0


class IndexBuilder:
    """Collects organisations and collaborations (upsert by ``ref``) and builds an index.

    Text analysis, the costly part, is done once per record and kept, so after an upsert of a
    few records :meth:`build` only re-assembles the matrices (the cheap-rebuild update path).
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        half_life_years: float = DEFAULT_HALF_LIFE_YEARS,
    ) -> None:
        self.concepts = ConceptMatcher(lexicon)
        self.half_life_years = half_life_years
        self._orgs: dict[str, dict[str, Any]] = {}
        self._org_terms: dict[str, list[str]] = {}
        self._projects: dict[str, dict[str, Any]] = {}
        self._project_terms: dict[str, list[str]] = {}
        # Text of each record as it is embedded (text_key → text), and each record's key.
        self._texts: dict[str, str] = {}
        self._org_keys: dict[str, str] = {}
        self._project_keys: dict[str, str] = {}

    def add_organisations(self, records: Iterable[Mapping[str, Any]]) -> int:
        """Upsert organisation records; returns how many were given."""
        n = 0
        for rec in records:
            ref = rec.get("ref")
            if not ref:
                raise RecordError("organisation without ref")
            key = str(ref)
            org = {
                "ref": key,
                "kind": str(rec.get("kind") or ""),
                "country": str(rec.get("country") or "").upper(),
                "nuts": str(rec.get("nuts") or "").upper(),
                "nace": [str(c) for c in rec.get("nace") or []],
                "sme": str(rec.get("size") or "") in SME_SIZES,
            }
            try:
                org["trl"] = mask_of(rec.get("trl"))
            except ReadinessError as error:
                raise RecordError(f"organisation {key!r}: {error}") from error
            self._orgs[key] = org
            description = str(rec.get("description") or "")
            self._org_terms[key] = analyze(description)
            self._remember_text(self._org_keys, key, description)
            n += 1
        return n

    def add_collaborations(self, records: Iterable[Mapping[str, Any]]) -> int:
        """Upsert collaboration (past project) records; returns how many were given."""
        n = 0
        for rec in records:
            ref = rec.get("ref")
            participants = rec.get("participants")
            if not ref or not isinstance(participants, list):
                raise RecordError(f"collaboration {ref!r} needs a ref and a participants list")
            key = str(ref)
            project = {
                "ref": key,
                "time": parse_date(rec.get("start")),
                "tags": [str(t) for t in rec.get("tags") or []],
                "orgs": [
                    str(p["org"]) for p in participants if isinstance(p, dict) and p.get("org")
                ],
                "coordinator": next(
                    (
                        str(p["org"])
                        for p in participants
                        if isinstance(p, dict) and p.get("role") == "coordinator" and p.get("org")
                    ),
                    None,
                ),
            }
            self._projects[key] = project
            text = f"{rec.get('title') or ''}. {rec.get('summary') or ''}"
            self._project_terms[key] = analyze(text)
            self._remember_text(self._project_keys, key, text if text.strip(". ") else "")
            n += 1
        return n

    def _remember_text(self, keys: dict[str, str], ref: str, text: str) -> None:
        if text.strip():
            k = text_key(text)
            keys[ref] = k
            self._texts[k] = text
        else:
            keys.pop(ref, None)

    def texts(self) -> dict[str, str]:
        """Every record's text that a vector is wanted for, by :func:`text_key`."""
        wanted = set(self._org_keys.values()) | set(self._project_keys.values())
        return {k: t for k, t in self._texts.items() if k in wanted}

    def build(
        self,
        as_of: float | None = None,
        vectors: Mapping[str, np.ndarray] | None = None,
    ) -> MatchingIndex:
        """Assemble the index; ``as_of`` (fractional year) anchors recency (default: latest).

        ``vectors`` maps :func:`text_key` of record texts to their text vectors (embedding.py);
        records without one simply have no dense signal. Without any, the index has none.
        """
        return _assemble(self, as_of, vectors or {})


class MatchingIndex:
    """Read-only arrays behind every matching signal (see module docstring)."""

    # The attributes below are set by _assemble() or load(); listed for readers and type checkers.
    # The long sequences of strings are tuples: tuples of strings drop out of the cyclic garbage
    # collector's view after its first pass, lists stay in it, and a full collection walked
    # them (100,000 entries each: 20 ms a collection at 100,000 organisations).
    org_refs: tuple[str, ...]
    org_pos: dict[str, int]
    kinds: list[str]
    org_kind: np.ndarray
    countries: list[str]
    org_country: np.ndarray
    org_nuts: tuple[str, ...]
    org_trl: np.ndarray  # technology readiness levels offered, as masks (readiness.py)
    org_sme: np.ndarray  # bool: a small or medium-sized enterprise
    org_sme_projects: np.ndarray  # past projects with at least one other SME in them
    org_sectors: sparse.csr_matrix  # orgs × value-chain sectors, 1 where the org is active
    proj_refs: tuple[str, ...]
    proj_time: np.ndarray
    proj_size: np.ndarray
    proj_decay: np.ndarray
    proj_coordinator: np.ndarray  # org index of each project's coordinator, -1 if unknown
    B: sparse.csr_matrix  # projects × orgs incidence
    BT: sparse.csr_matrix  # orgs × projects
    text_space: TermSpace
    proj_text: sparse.csr_matrix  # terms × projects (term-major, for query posting lists)
    org_text: sparse.csr_matrix  # terms × orgs
    org_text_rows: sparse.csr_matrix  # orgs × terms (an org's own profile as a query)
    tag_space: TermSpace
    proj_tags: sparse.csr_matrix  # tag keys × projects
    org_tags: sparse.csr_matrix  # tag keys × orgs
    concepts: ConceptMatcher
    org_concepts: sparse.csr_matrix  # concepts × orgs (binary)
    concept_idf: np.ndarray
    kind_lift: np.ndarray  # kinds × kinds, log co-participation lift
    tag_kinds: np.ndarray  # tag keys × kinds, log lift of a kind under a tag
    tag_countries: np.ndarray  # tag keys × countries
    org_activity: np.ndarray  # recency-weighted number of projects
    org_projects: np.ndarray
    org_last: np.ndarray
    org_dormancy: np.ndarray
    nuts_codes: dict[str, int]
    org_nuts_levels: list[np.ndarray]
    as_of: float
    half_life_years: float
    value_chain: ValueChain
    # Text vectors (embedding.py), l2-normalised float32, zero rows where a text has none;
    # None when the index was built without vectors. Memory-mapped when loaded.
    proj_vec: np.ndarray | None = None
    org_vec: np.ndarray | None = None
    vec_mean: np.ndarray | None = None  # the model's space → the index's (reduce_vector)
    vec_basis: np.ndarray | None = None

    @classmethod
    def build(
        cls,
        organisations: Iterable[Mapping[str, Any]],
        collaborations: Iterable[Mapping[str, Any]],
        lexicon: Lexicon | None = None,
        as_of: float | None = None,
        half_life_years: float = DEFAULT_HALF_LIFE_YEARS,
        vectors: Mapping[str, np.ndarray] | None = None,
    ) -> MatchingIndex:
        """Build an index from bulk records (DESIGN.md formats) and an optional concept lexicon
        (and text vectors by text key, see :meth:`IndexBuilder.build`)."""
        builder = IndexBuilder(lexicon, half_life_years)
        builder.add_organisations(organisations)
        builder.add_collaborations(collaborations)
        return builder.build(as_of, vectors)

    @property
    def has_vectors(self) -> bool:
        return self.proj_vec is not None and self.org_vec is not None

    def reduce_vector(self, vector: np.ndarray) -> np.ndarray:
        """A text vector of the model (embedding.py) in this index's reduced space (unit)."""
        assert self.vec_mean is not None and self.vec_basis is not None
        return _reduce(np.asarray(vector, dtype=np.float32)[np.newaxis, :], self)[0]

    @property
    def n_orgs(self) -> int:
        return len(self.org_refs)

    def most_active(self, k: int) -> np.ndarray:
        """The ``k`` organisations with the most recency-weighted projects (cached)."""
        cached = getattr(self, "_most_active", None)
        if cached is None or len(cached) < k:
            k_eff = min(max(k, 1), self.n_orgs)
            cached = np.argsort(-self.org_activity, kind="stable")[:k_eff]
            self._most_active = cached
        return cached[:k]

    def save(self, path: str | Path) -> None:
        """Write the index to directory ``path`` (``arrays.npz`` + ``meta.json``)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {
            "org_kind": self.org_kind,
            "org_country": self.org_country,
            "org_trl": self.org_trl,
            "org_sme": self.org_sme,
            "proj_time": self.proj_time,
            "proj_size": self.proj_size,
            "proj_coordinator": self.proj_coordinator,
            "kind_lift": self.kind_lift,
            "tag_kinds": self.tag_kinds,
            "tag_countries": self.tag_countries,
            "concept_idf": self.concept_idf,
            "text_idf": self.text_space.idf,
            "tag_idf": self.tag_space.idf,
        }
        if self.vec_mean is not None and self.vec_basis is not None:
            arrays["vec_mean"] = self.vec_mean
            arrays["vec_basis"] = self.vec_basis
        for name in (
            "org_sectors",
            "B",
            "org_text_rows",
            "proj_text",
            "proj_tags",
            "org_tags",
            "org_concepts",
        ):
            m = getattr(self, name)
            arrays[f"{name}.data"] = m.data
            arrays[f"{name}.indices"] = m.indices
            arrays[f"{name}.indptr"] = m.indptr
            arrays[f"{name}.shape"] = np.array(m.shape, dtype=np.int64)
        # allow_pickle is numpy's default, passed explicitly so the **arrays keywords can't be
        # mistaken for it by the type checker.
        np.savez(path / "arrays.npz", allow_pickle=True, **arrays)
        for name in VECTOR_FILES:
            target = path / f"{name}.npy"
            vec = getattr(self, name)
            if vec is not None:
                np.save(target, np.ascontiguousarray(vec, dtype=np.float32))
            elif target.exists():
                target.unlink()
        meta = {
            "format": FORMAT_VERSION,
            "org_refs": self.org_refs,
            "kinds": self.kinds,
            "countries": self.countries,
            "org_nuts": self.org_nuts,
            "proj_refs": self.proj_refs,
            "text_terms": self.text_space.terms,
            "tag_terms": self.tag_space.terms,
            "lexicon": self.concepts.lexicon,
            "as_of": self.as_of,
            "half_life_years": self.half_life_years,
        }
        with open(path / "meta.json", "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False)

    @classmethod
    def load(cls, path: str | Path) -> MatchingIndex:
        """Read an index written by :meth:`save`."""
        path = Path(path)
        with open(path / "meta.json", encoding="utf-8") as f:
            meta = json.load(f)
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"index format {meta.get('format')} is not {FORMAT_VERSION}; rebuild")
        with np.load(path / "arrays.npz") as z:
            a = {k: z[k] for k in z.files}

        def matrix(name: str) -> sparse.csr_matrix:
            shape = tuple(int(x) for x in a[f"{name}.shape"])
            return sparse.csr_matrix(
                (a[f"{name}.data"], a[f"{name}.indices"], a[f"{name}.indptr"]), shape=shape
            )

        index = cls()
        index.org_refs = tuple(meta["org_refs"])
        index.kinds = meta["kinds"]
        index.countries = meta["countries"]
        index.org_nuts = tuple(meta["org_nuts"])
        index.proj_refs = tuple(meta["proj_refs"])
        index.org_kind = a["org_kind"]
        index.org_country = a["org_country"]
        index.org_trl = a["org_trl"]
        index.org_sme = a["org_sme"]
        index.proj_time = a["proj_time"]
        index.proj_size = a["proj_size"]
        index.proj_coordinator = a["proj_coordinator"]
        index.kind_lift = a["kind_lift"]
        index.tag_kinds = a["tag_kinds"]
        index.tag_countries = a["tag_countries"]
        index.concept_idf = a["concept_idf"]
        index.text_space = TermSpace(meta["text_terms"], a["text_idf"])
        index.tag_space = TermSpace(meta["tag_terms"], a["tag_idf"])
        index.concepts = ConceptMatcher(meta["lexicon"])
        index.org_sectors = matrix("org_sectors")
        index.B = matrix("B")
        index.org_text_rows = matrix("org_text_rows")
        index.proj_text = matrix("proj_text")
        index.proj_tags = matrix("proj_tags")
        index.org_tags = matrix("org_tags")
        index.org_concepts = matrix("org_concepts")
        index.as_of = float(meta["as_of"])
        index.half_life_years = float(meta["half_life_years"])
        if "vec_basis" in a:
            index.vec_mean, index.vec_basis = a["vec_mean"], a["vec_basis"]
        for name in VECTOR_FILES:
            if (path / f"{name}.npy").exists():
                # Read-only and shared: the pages are the files', not this process's.
                setattr(index, name, np.load(path / f"{name}.npy", mmap_mode="r"))
        index._derive()
        return index

    def _derive(self) -> None:
        """Compute what follows cheaply from the stored arrays (transposes, recency, lookups)."""
        self.org_pos = {r: i for i, r in enumerate(self.org_refs)}
        self.BT = self.B.T.tocsr()
        self.org_text = self.org_text_rows.T.tocsr()
        self.proj_decay = np.power(
            0.5, np.maximum(self.as_of - self.proj_time, 0.0) / self.half_life_years
        ).astype(np.float32)
        self.org_activity = np.asarray(self.BT @ self.proj_decay, dtype=np.float32).ravel()
        self.org_projects = np.diff(self.BT.indptr).astype(np.float32)
        last = np.full(self.n_orgs, -np.inf)
        coo = self.B.tocoo()
        np.maximum.at(last, coo.col, self.proj_time[coo.row])
        self.org_last = last
        # Years since the last project, capped at 10, as 0…1 (1 = never active).
        self.org_dormancy = np.where(
            np.isfinite(last), np.clip(self.as_of - last, 0.0, 10.0) / 10.0, 1.0
        ).astype(np.float32)
        # Projects with an SME in them, not counting the organisation itself.
        smes = np.asarray(self.B @ self.org_sme.astype(np.float32)).ravel()
        with_sme = np.asarray(self.BT @ (smes >= 1).astype(np.float32)).ravel()
        only_sme = np.asarray(self.BT @ (smes == 1).astype(np.float32)).ravel()
        self.org_sme_projects = (with_sme - self.org_sme * only_sme).astype(np.float32)
        self.value_chain = ValueChain.load()
        # NUTS prefixes (levels 1–3) as integer codes, so regional overlap is vectorised.
        self.nuts_codes: dict[str, int] = {}
        levels = []
        for level in (1, 2, 3):
            codes = np.full(self.n_orgs, -1, dtype=np.int32)
            for i, nuts in enumerate(self.org_nuts):
                if len(nuts) >= 2 + level:
                    codes[i] = self.nuts_codes.setdefault(nuts[: 2 + level], len(self.nuts_codes))
            levels.append(codes)
        self.org_nuts_levels = levels


def _assemble(
    builder: IndexBuilder, as_of: float | None, vectors: Mapping[str, np.ndarray]
) -> MatchingIndex:
    value_chain = ValueChain.load()
    index = MatchingIndex()
    orgs = list(builder._orgs.values())
    index.org_refs = tuple(o["ref"] for o in orgs)
    pos = {r: i for i, r in enumerate(index.org_refs)}
    index.kinds = sorted({o["kind"] for o in orgs} | {""})
    kind_pos = {k: i for i, k in enumerate(index.kinds)}
    index.org_kind = np.array([kind_pos[o["kind"]] for o in orgs], dtype=np.int16)
    index.countries = sorted({o["country"] for o in orgs} | {""})
    country_pos = {c: i for i, c in enumerate(index.countries)}
    index.org_country = np.array([country_pos[o["country"]] for o in orgs], dtype=np.int16)
    index.org_nuts = tuple(o["nuts"] for o in orgs)
    index.org_trl = np.array([o["trl"] for o in orgs], dtype=np.int16)
    index.org_sme = np.array([o["sme"] for o in orgs], dtype=bool)
    rows, cols = [], []
    for i, o in enumerate(orgs):
        for s in value_chain.sectors_of(o["nace"]):
            rows.append(i)
            cols.append(s)
    index.org_sectors = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(orgs), len(value_chain.sectors)),
    )

    # Projects with no imported participant tell nothing about any organisation: skip them.
    projects = []
    for p in builder._projects.values():
        members = sorted({pos[r] for r in p["orgs"] if r in pos})
        if members:
            projects.append((p, members))
    index.proj_refs = tuple(p["ref"] for p, _ in projects)
    times = [p["time"] for p, _ in projects]
    known_times = [t for t in times if t is not None]
    index.as_of = float(as_of if as_of is not None else max(known_times, default=2000.0))
    index.half_life_years = builder.half_life_years
    # An undated project counts as one half-life old: present, but not as fresh as a new one.
    index.proj_time = np.array(
        [t if t is not None else index.as_of - builder.half_life_years for t in times],
        dtype=np.float64,
    )
    index.proj_size = np.array([len(m) for _, m in projects], dtype=np.float32)
    index.proj_coordinator = np.array(
        [pos.get(p["coordinator"], -1) if p["coordinator"] else -1 for p, _ in projects],
        dtype=np.int32,
    )
    indptr = np.zeros(len(projects) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(m) for _, m in projects])
    indices = np.array([j for _, m in projects for j in m], dtype=np.int32)
    index.B = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), indices, indptr),
        shape=(len(projects), len(orgs)),
    )
    BT = index.B.T.tocsr()

    # Text: projects are documents; an organisation's profile is its description plus the text
    # of all its projects, with sublinear tf so one long-running topic does not drown the rest.
    proj_docs = [builder._project_terms[p["ref"]] for p, _ in projects]
    org_docs = [builder._org_terms[r] for r in index.org_refs]
    space = TermSpace.fit(proj_docs + [d for d in org_docs if d])
    index.text_space = space
    proj_counts = space.counts(proj_docs)
    index.proj_text = space.weigh(proj_counts).T.tocsr()
    index.org_text_rows = space.weigh(BT @ proj_counts + space.counts(org_docs))

    tag_docs = [[k for t in p["tags"] for k in tag_keys(t)] for p, _ in projects]
    tag_space = TermSpace.fit(tag_docs)
    index.tag_space = tag_space
    tag_counts = tag_space.counts(tag_docs)
    index.proj_tags = tag_space.weigh(tag_counts).T.tocsr()
    index.org_tags = tag_space.weigh(BT @ tag_counts).T.tocsr()

    index.concepts = builder.concepts
    n_concepts = len(builder.concepts.concepts)
    concept_rows, concept_cols = [], []
    for i, doc in enumerate(proj_docs + org_docs):
        for c in builder.concepts.find(doc):
            concept_rows.append(i)
            concept_cols.append(builder.concepts.position[c])
    doc_concepts = sparse.csr_matrix(
        (np.ones(len(concept_rows), dtype=np.float32), (concept_rows, concept_cols)),
        shape=(len(proj_docs) + len(org_docs), n_concepts),
    )
    doc_concepts.data[:] = 1.0
    proj_concepts = doc_concepts[: len(proj_docs)]
    org_concepts = (BT @ proj_concepts + doc_concepts[len(proj_docs) :]).tocsr()
    org_concepts.data[:] = 1.0
    index.org_concepts = org_concepts.T.tocsr()
    df = np.asarray(org_concepts.sum(axis=0)).ravel()
    index.concept_idf = (np.log((1.0 + len(orgs)) / (1.0 + df)) + 1.0).astype(np.float32)

    if vectors:
        proj_full = _vector_rows(vectors, [builder._project_keys.get(r) for r in index.proj_refs])
        own_full = _vector_rows(vectors, [builder._org_keys.get(r) for r in index.org_refs])
        index.vec_mean, index.vec_basis = _principal_basis(np.vstack([proj_full, own_full]))
        index.proj_vec = _reduce(proj_full, index)
        # An organisation's vector: its description's plus its projects', averaged.
        own = _reduce(own_full, index)
        index.org_vec = _unit_rows(own + np.asarray(BT @ index.proj_vec, dtype=np.float32))

    index.kind_lift = _kind_lift(index.B, index.org_kind, len(index.kinds))
    binary_tags = sparse.csr_matrix(tag_counts.T, dtype=np.float32)  # tag keys × projects
    binary_tags.data[:] = 1.0
    index.tag_kinds = _tag_profile(binary_tags, index.B, index.org_kind, len(index.kinds))
    index.tag_countries = _tag_profile(
        binary_tags, index.B, index.org_country, len(index.countries)
    )
    index._derive()
    return index


def _vector_rows(vectors: Mapping[str, np.ndarray], keys: list[str | None]) -> np.ndarray:
    dim = len(next(iter(vectors.values())))
    out = np.zeros((len(keys), dim), dtype=np.float32)
    for i, k in enumerate(keys):
        v = vectors.get(k) if k else None
        if v is not None:
            out[i] = v
    return out


def _principal_basis(
    rows: np.ndarray, keep: int | None = None, sample: int = 20_000
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and top ``keep`` (default MEANING_DIM) principal axes (columns) of the non-zero
    ``rows``.

    Fitted on at most ``sample`` evenly spaced rows (plenty for a 384 × 384 covariance).
    With too few rows to estimate them, the identity (no centring, no reduction).
    """
    keep = MEANING_DIM if keep is None else keep
    dim = rows.shape[1]
    present = rows[np.abs(rows).sum(axis=1) > 0]
    if len(present) < 4 * keep or dim <= keep:
        return np.zeros(dim, dtype=np.float32), np.eye(dim, dtype=np.float32)
    present = present[np.linspace(0, len(present) - 1, min(sample, len(present))).astype(int)]
    mean = present.mean(axis=0, dtype=np.float64)
    centred = present - mean
    _values, axes = np.linalg.eigh(centred.T @ centred)  # ascending
    basis = axes[:, ::-1][:, :keep]
    # eigh's sign per axis is arbitrary: fix it so the same data gives the same index.
    basis *= np.where(basis[np.abs(basis).argmax(axis=0), range(keep)] < 0, -1.0, 1.0)
    return mean.astype(np.float32), np.ascontiguousarray(basis, dtype=np.float32)


def _reduce(rows: np.ndarray, index: MatchingIndex) -> np.ndarray:
    """Rows in the index's reduced space, unit length; zero rows (no vector) stay zero."""
    assert index.vec_mean is not None and index.vec_basis is not None
    present = np.abs(rows).sum(axis=1) > 0
    out = np.zeros((len(rows), index.vec_basis.shape[1]), dtype=np.float32)
    if present.any():
        out[present] = _unit_rows((rows[present] - index.vec_mean) @ index.vec_basis)
    return out


def _unit_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return (m / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def _tag_profile(
    tags: sparse.csr_matrix, B: sparse.csr_matrix, label: np.ndarray, n_labels: int
) -> np.ndarray:
    """Per tag key: log lift of each label (kind, country) among that key's participants.

    E.g. research-training calls gather universities, widening calls certain countries.
    Smoothed towards the overall distribution so that rare keys say little.
    """
    onehot = sparse.csr_matrix(
        (np.ones(len(label), dtype=np.float32), (np.arange(len(label)), label)),
        shape=(len(label), n_labels),
    )
    counts = (tags @ (B @ onehot)).toarray().astype(np.float64)  # keys × labels
    overall = counts.sum(axis=0) + 1.0
    overall /= overall.sum()
    prior = 10.0
    smoothed = (counts + prior * overall) / (counts.sum(axis=1, keepdims=True) + prior)
    return np.log(smoothed / overall).astype(np.float32)


def _kind_lift(B: sparse.csr_matrix, org_kind: np.ndarray, n_kinds: int) -> np.ndarray:
    """log of how much more often two kinds meet in a project than chance (smoothed).

    Learned from the track record itself: e.g. companies meet universities more often than
    their shares predict. Returned as a kinds × kinds matrix, 0 = no preference.
    """
    onehot = sparse.csr_matrix(
        (np.ones(len(org_kind), dtype=np.float64), (np.arange(len(org_kind)), org_kind)),
        shape=(len(org_kind), n_kinds),
    )
    per_project = (B.astype(np.float64) @ onehot).toarray()  # projects × kinds counts
    pairs = per_project.T @ per_project - np.diag(per_project.sum(axis=0))
    margin = pairs.sum(axis=1)
    total = margin.sum()
    if total <= 0:
        return np.zeros((n_kinds, n_kinds), dtype=np.float32)
    prior = 20.0  # pseudo-pairs at the chance rate, so rare kinds do not get extreme lifts
    expected = np.outer(margin, margin) / total
    lift = (pairs + prior) / (expected + prior)
    return np.log(np.clip(lift, 1e-3, None)).astype(np.float32)
