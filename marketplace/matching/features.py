"""Signals for one query: candidate generation, then a feature row per candidate.

Every feature is 0 when its evidence is absent and grows with the evidence, so a linear model's
``weight × value`` is that signal's contribution to a suggestion (used for its reasons).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from marketplace.matching.analysis import analyze
from marketplace.matching.index import MatchingIndex
from marketplace.matching.query import Query, UnknownOrganisationError
from marketplace.matching.readiness import fit as readiness_fit
from marketplace.matching.spread import Reached, pick, spread_reached, top
from marketplace.matching.topics import match as match_topics
from marketplace.matching.topics import topic_keys
from marketplace.matching.vectors import row_entries, similarities, tag_keys

FEATURES: tuple[str, ...] = (
    "partner",  # log(1 + joint past projects with the query organisation)
    "partner_recent",  # joint projects, each weighted by recency (half-life decay)
    "partner_topic",  # joint projects weighted by their text similarity to the query
    "partner_tags",  # joint projects weighted by their tag similarity to the query
    "partner_strength",  # joint projects weighted 1/(other participants): small teams count
    "partner_share",  # share of the candidate's projects done with the query org
    "partner_led",  # joint projects that the query org coordinated (it chose the partners)
    "led_by_candidate",  # joint projects that the candidate coordinated
    "walk2",  # two-step random walk from the query org: partners of partners
    "text_walk",  # partners of the participants of the query's nearest projects
    "text_profile",  # cosine of query text and the candidate's whole profile text
    "text_projects",  # the candidate's past projects among the query's nearest projects
    "tag_exact",  # the candidate's projects under exactly a query tag (call topic)
    "tag_profile",  # cosine of query tags and the candidate's tag profile (with prefixes)
    "tag_projects",  # the candidate's projects among the query's nearest projects by tags
    "concepts",  # idf-weighted share of the query's concepts the candidate mentions
    "value_chain",  # sqrt of the input–output share linking the two organisations' sectors
    "kind_fit",  # log lift of the candidate's kind among participants under the query's tags
    "country_fit",  # same for the candidate's country
    "role",  # log lift of the (query kind, candidate kind) pair in past projects
    "same_country",
    "same_region",  # shared NUTS levels below the country, 0…1
    "topic_family",  # recency-weighted projects in the query's call-topic family (topics.py)
    "partner_led_topic",  # joint projects the query org led, weighted by text similarity
    "partner_best",  # text similarity of the most query-like joint project
    "text_best",  # text similarity of the candidate's most query-like project
    "walk_part",  # partners of partners, second step only through same-part/family projects
    "activity",  # log(1 + recency-weighted number of past projects)
    "dormancy",  # years since the candidate's last project, capped at 10, ÷ 10
    "trl_fit",  # share of the narrower TRL range that the query and the candidate both cover
    "sme_experience",  # for an SME asking: log(1 + the candidate's past projects with SMEs)
    # Text vectors (embedding.py), in any of nl/en/fr: project-kNN by meaning.
    "meaning_projects",  # the candidate's projects among the query's nearest by meaning, weighted
    "meaning_best",  # closeness in meaning of the candidate's most query-like project
    "meaning_profile",  # cosine of the query's vector and the candidate's whole profile vector
    "meaning_walk",  # partners of the participants of the query's nearest projects by meaning
)
F = {name: i for i, name in enumerate(FEATURES)}

# The candidate's shared history with the query's organisation (none with itself).
PARTNERSHIP_FEATURES = (
    "partner",
    "partner_recent",
    "partner_strength",
    "partner_share",
    "partner_led",
    "led_by_candidate",
    "partner_topic",
    "partner_tags",
    "walk2",
    "walk_part",
    "partner_best",
    "partner_led_topic",
)
# Features that need text vectors (the scorers without them are the model-free fallback).
MEANING_FEATURES = frozenset(
    {"meaning_projects", "meaning_best", "meaning_profile", "meaning_walk"}
)
# Features that only exist when the query names an organisation.
ORG_FEATURES = frozenset(
    {*PARTNERSHIP_FEATURES, "value_chain", "role", "same_country", "same_region", "sme_experience"}
)


@dataclass
class Settings:
    """Candidate-generation sizes (stored in model.json so training and serving agree)."""

    neighbours: int = 50  # nearest projects used by text_projects / tag_projects
    per_signal: int = 150  # candidates taken from the top of each signal
    max_partners: int = 400  # direct partners kept (most recent first) for prolific orgs
    # Project-kNN by text vector: the nearest ``meaning_neighbours`` projects vote for their
    # participants, each with exp((similarity - the nearest's) / meaning_width). Chosen on the
    # history (projects of 2016 against earlier ones, vectors centred and reduced to 128
    # dimensions as the index keeps them): k 50 → 100 and width 0.1 → 0.2 gave recall@10 of
    # the votes alone 0.137 → 0.153.
    meaning_neighbours: int = 100
    meaning_width: float = 0.2
    # A query's words: its strongest ``query_terms`` by weight. An organisation's whole profile
    # as a query has hundreds, and its common words have posting lists as long as the
    # directory (at 100,000 organisations they cost ~3 ms a request for a sliver of the
    # similarity); briefs have fewer (the CORDIS development queries: 28 at most).
    query_terms: int = 32


@dataclass
class QueryContext:
    """What the features were computed from; reasons are derived from it for the winners."""

    query: Query
    org: int | None
    terms: list[str]
    concepts: set[str]
    query_projects: np.ndarray  # projects of the query org (indices)
    text_sim: np.ndarray  # per project
    tag_sim: np.ndarray  # per project
    exact_tag_projects: np.ndarray  # bool per project
    query_sectors: list[int]
    partner_mass: np.ndarray  # one-step walk distribution over orgs (for "via" partners)
    extra: dict = field(default_factory=dict)


@dataclass
class FeatureBlock:
    """Candidates (org indices) and their feature rows, plus the query context."""

    candidates: np.ndarray
    X: np.ndarray  # candidates × len(FEATURES), float32
    context: QueryContext


def _nearest(sims: np.ndarray, k: int) -> np.ndarray:
    """``sims`` with all but the ``k`` largest positive entries set to 0."""
    best = top(sims, k)
    out = np.zeros(len(sims), dtype=np.float32)
    out[best] = sims[best]
    return out


def compute(
    index: MatchingIndex,
    query: Query,
    settings: Settings | None = None,
    vector: np.ndarray | None = None,
    own_profile: bool = False,
) -> FeatureBlock:
    """Generate candidates for ``query`` and compute their feature rows.

    ``vector`` is the query text's vector (embedding.py); without it (or without vectors in
    the index) the meaning features stay 0, unless ``own_profile``: then the query
    organisation's own profile vector stands for its text.

    Raises :class:`UnknownOrganisationError` when ``query.org`` is not in the index.
    """
    settings = settings or Settings()
    n_orgs, n_proj = index.n_orgs, len(index.proj_refs)
    org: int | None = None
    if query.org is not None:
        org = index.org_pos.get(query.org)
        if org is None:
            raise UnknownOrganisationError(query.org)

    # --- query vectors -------------------------------------------------------------------
    terms = analyze(query.text) if query.text else []
    if terms:
        t_ids, t_w = index.text_space.vector(terms)
    elif org is not None:
        # No text: the organisation's own profile stands for "partners for what we do".
        row = index.org_text_rows[org]
        t_ids, t_w = row.indices.astype(np.int64), row.data
    else:
        t_ids, t_w = np.zeros(0, np.int64), np.zeros(0, np.float32)
    if len(t_ids) > settings.query_terms:
        strongest = np.argsort(-t_w, kind="stable")[: settings.query_terms]
        t_ids, t_w = t_ids[strongest], t_w[strongest]
    keys = [k for t in query.tags for k in tag_keys(t)]
    g_ids, g_w = index.tag_space.vector(keys)
    exact_ids = np.array(
        [
            index.tag_space.position[k]
            for k in keys
            if k.startswith("=") and k in index.tag_space.position
        ],
        dtype=np.int64,
    )
    concepts = index.concepts.find(terms) if terms else set()

    text_sim = similarities(index.proj_text, t_ids, t_w)
    reduced = None
    if vector is not None and index.has_vectors and float(np.abs(vector).sum()) > 0:
        reduced = index.reduce_vector(vector)
    elif own_profile and org is not None and index.org_vec is not None:
        reduced = np.asarray(index.org_vec[org])  # already in the index's space
    meaning = None
    if reduced is not None and float(np.abs(reduced).sum()) > 0:
        meaning = _meaning(index, reduced, settings)
    tag_sim = similarities(index.proj_tags, g_ids, g_w)
    exact = similarities(index.proj_tags, exact_ids, np.ones(len(exact_ids), np.float32)) > 0
    size = np.maximum(index.proj_size, 1.0)
    weight = np.maximum(index.org_activity, 1e-9)

    # Every "projects → organisations" signal is one column of a single sparse product with
    # the incidence matrix: one pass over the participations instead of one per signal.
    topics = match_topics(index, query.tags)
    in_part = np.maximum(topics.part, topics.family)
    # Each column is kept as the few projects it gives a value (spread.Reached); the sums
    # that normalise the walks are taken over the full-length arrays, as they always were.
    near_text = _nearest(text_sim, settings.neighbours)
    columns: dict[str, Reached] = {
        "text_projects": _reached(near_text),
        "tag_projects": _reached(_nearest(tag_sim, settings.neighbours)),
        "tag_exact": _reached(exact.astype(np.float32)),
        "topic_family": _reached(topics.family * index.proj_decay),
    }
    if meaning is not None:
        votes = _reached(meaning[0])
        columns["meaning_projects"] = votes
        all_votes = max(float(meaning[0].sum()), 1e-9)
        walk = votes.values / all_votes / size[votes.at]
        columns["meaning_walk"] = Reached(votes.at, walk, n_proj)
    text = columns["text_projects"]
    all_text = max(float(near_text.sum()), 1e-9)
    columns["text_walk"] = Reached(text.at, text.values / all_text / size[text.at], n_proj)
    query_projects = np.zeros(0, dtype=np.int64)
    if org is not None:
        start, end = index.BT.indptr[org], index.BT.indptr[org + 1]
        query_projects = index.BT.indices[start:end].astype(np.int64)
        mine = np.sort(query_projects)
        on = np.ones(len(mine), dtype=np.float32)
        decay = index.proj_decay[mine]
        led = on * (index.proj_coordinator[mine] == org)
        full = np.zeros(n_proj, dtype=decay.dtype)
        full[mine] = decay
        all_decay = max(float(full.sum()), 1e-9)
        partner = {
            "partner": on,
            "partner_recent": decay,
            "partner_topic": text_sim[mine],
            "partner_tags": tag_sim[mine],
            "partner_strength": on / np.maximum(index.proj_size[mine] - 1.0, 1.0),
            "partner_led": led,
            "partner_led_topic": led * text_sim[mine],
            # Random walk org → project (recency-weighted) → participant.
            "walk1": decay / all_decay / size[mine],
        }
        columns.update({name: Reached(mine, v, n_proj) for name, v in partner.items()})
    names = list(columns)
    by_name = dict(zip(names, spread_reached(index.B, [columns[n] for n in names]), strict=True))

    # Per organisation, full length: the raw values, which also pick the candidates. Counts
    # and walks enter the rows as log(1 + x) (``logged``, with a scale), taken for the
    # candidates only: the transform keeps the order, so the same candidates are picked.
    X: dict[str, np.ndarray | Reached] = {}
    logged: dict[str, float] = {}
    X["text_profile"] = similarities(index.org_text, t_ids, t_w)
    X["tag_profile"] = similarities(index.org_tags, g_ids, g_w)
    for name in ("text_projects", "tag_projects", "tag_exact", "topic_family"):
        X[name], logged[name] = by_name[name], 1.0
    X["text_best"] = _max_over(index, top(text_sim, 500), text_sim, n_orgs)
    if meaning is not None:
        _votes, closeness, near, profile = meaning
        X["meaning_projects"], logged["meaning_projects"] = by_name["meaning_projects"], 1.0
        X["meaning_best"] = _max_over(index, near, closeness, n_orgs)
        X["meaning_profile"] = profile
    # Per-organisation attributes are only looked up for the candidates, further down.
    late: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "activity": lambda c: np.log1p(index.org_activity[c]),
        "dormancy": lambda c: index.org_dormancy[c],
    }
    if query.trl:
        late["trl_fit"] = lambda c: readiness_fit(query.trl, index.org_trl[c])
    if len(g_ids):
        mix = g_w / g_w.sum()
        kind_fit = mix @ index.tag_kinds[g_ids]
        country_fit = mix @ index.tag_countries[g_ids]
        late["kind_fit"] = lambda c: kind_fit[index.org_kind[c]]
        late["country_fit"] = lambda c: country_fit[index.org_country[c]]
    if concepts:
        c_ids = np.array(sorted(index.concepts.position[c] for c in concepts), dtype=np.int64)
        c_w = index.concept_idf[c_ids]
        X["concepts"] = similarities(index.org_concepts, c_ids, c_w) / float(c_w.sum())

    # Second step of both walks (organisation → its recent projects → their participants).
    walkers = [by_name["text_walk"]]
    partner_mass = np.zeros(n_orgs, dtype=np.float32)
    if org is not None:
        walk1 = by_name["walk1"]
        walk1 = Reached(walk1.at, walk1.values.astype(np.float32), n_orgs)
        walk1.clear(org)
        partner_mass = walk1.dense(np.float32)
        walkers.append(walk1)
    if meaning is not None:
        walkers.append(by_name["meaning_walk"])
    per_activity = [Reached(w.at, w.values / weight[w.at], n_orgs) for w in walkers]
    steps = spread_reached(index.BT, per_activity)
    # Columns: text walk, [partner walk, partner walk within the topic part], [meaning walk].
    at = steps[0].at  # all steps reach the same projects
    per_size = [index.proj_decay[at] * s.values / size[at] for s in steps]
    cols = [Reached(at, per_size[0], n_proj)]
    if org is not None:
        cols += [Reached(at, per_size[1], n_proj), Reached(at, per_size[1] * in_part[at], n_proj)]
    if meaning is not None:
        cols.append(Reached(at, per_size[-1], n_proj))
    walked = spread_reached(index.B, cols)
    X["text_walk"], logged["text_walk"] = walked[0], float(n_orgs)
    if meaning is not None:
        X["meaning_walk"], logged["meaning_walk"] = walked[-1], float(n_orgs)

    query_sectors: list[int] = []
    if org is not None:
        X["walk2"], logged["walk2"] = walked[1], float(n_orgs)
        X["walk_part"], logged["walk_part"] = walked[2], float(n_orgs)
        joint = by_name["partner"]
        # Counts enter as log(1 + x) so that the linear model can weigh ratios (e.g. joint
        # projects against the candidate's overall activity) as differences.
        for name in (
            "partner",
            "partner_recent",
            "partner_topic",
            "partner_tags",
            "partner_strength",
            "partner_led",
            "partner_led_topic",
        ):
            X[name], logged[name] = by_name[name], 1.0
        X["partner_best"] = _max_over(index, query_projects, text_sim, n_orgs)
        late["partner_share"] = lambda c: pick(joint, c) / np.maximum(index.org_projects[c], 1.0)
        coordinators = index.proj_coordinator[query_projects]
        coordinators = coordinators[coordinators >= 0]
        X["led_by_candidate"] = np.bincount(coordinators, minlength=n_orgs).astype(np.float32)
        logged["led_by_candidate"] = 1.0
        for name in PARTNERSHIP_FEATURES:
            if name in X:
                _clear(X[name], org)

        query_sectors = index.org_sectors[org].indices.tolist()
        if query_sectors:
            as_supplier, as_customer = index.value_chain.sector_scores(query_sectors)
            per_sector = np.maximum(as_supplier, as_customer)
            link = index.org_sectors.multiply(per_sector[np.newaxis, :]).tocsr()
            X["value_chain"] = np.sqrt(np.asarray(link.max(axis=1).todense()).ravel())
        if index.org_sme[org]:
            late["sme_experience"] = lambda c: np.log1p(index.org_sme_projects[c])
        role = index.kind_lift[index.org_kind[org]]
        late["role"] = lambda c: role[index.org_kind[c]]
        country = index.org_country[org]
        if index.countries[country]:
            late["same_country"] = lambda c: (index.org_country[c] == country).astype(np.float32)
        nuts = index.org_nuts[org]
        if len(nuts) > 2:
            X["same_region"] = _nuts_overlap(index, nuts)

    # --- candidates ------------------------------------------------------------------------
    k = settings.per_signal
    pools = [top(X["partner_recent"], settings.max_partners)] if org is not None else []
    for name in (
        "walk2",
        "walk_part",
        "topic_family",
        "text_walk",
        "text_profile",
        "text_projects",
        "tag_projects",
        "tag_profile",
        "concepts",
        "value_chain",
        "meaning_projects",
        "meaning_profile",
        "meaning_walk",
    ):
        if name in X:
            pools.append(top(X[name], k))
    pools.append(index.most_active(k))
    candidates = np.unique(np.concatenate(pools)) if pools else np.zeros(0, np.int64)
    drop = {index.org_pos[r] for r in query.exclude if r in index.org_pos}
    if org is not None:
        drop.add(org)
    if drop:
        candidates = candidates[~np.isin(candidates, np.fromiter(drop, dtype=np.int64))]

    rows = np.zeros((len(candidates), len(FEATURES)), dtype=np.float32)
    for name, values in X.items():
        picked = pick(values, candidates)
        if name in logged:
            picked = np.log1p(picked * logged[name])
        rows[:, F[name]] = picked
    for name, lookup in late.items():
        rows[:, F[name]] = lookup(candidates)
    context = QueryContext(
        query=query,
        org=org,
        terms=terms,
        concepts=concepts,
        query_projects=query_projects,
        # The projects that reasons name as similar work: by words, and by meaning when the
        # text vectors found them (a Dutch brief shares no words with English projects).
        text_sim=text_sim if meaning is None else text_sim + meaning[0],
        tag_sim=tag_sim,
        exact_tag_projects=exact,
        query_sectors=query_sectors,
        partner_mass=partner_mass,
        extra={"family_projects": topics.family, "family_keys": topic_keys(query.tags)[0]},
    )
    return FeatureBlock(candidates=candidates, X=rows, context=context)


def _meaning(
    index: MatchingIndex, vector: np.ndarray, settings: Settings
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per project: the vote of the nearest ones by meaning (0 beyond the nearest
    ``meaning_neighbours``) and the closeness in (0, 1] of the nearest 500 to the query (0 for
    the others), with those 500; per organisation: the cosine of its profile vector with the
    query's (0 without one, or when negative)."""
    assert index.proj_vec is not None and index.org_vec is not None
    sims = np.asarray(index.proj_vec @ vector, dtype=np.float32)
    near = top(sims, 500)
    closeness = np.zeros(len(sims), dtype=np.float32)
    if len(near):
        nearest_sim = float(sims[near].max())
        width = max(settings.meaning_width, 1e-6)
        closeness[near] = np.exp((sims[near] - nearest_sim) / width)
    votes = np.zeros(len(sims), dtype=np.float32)
    if len(near):
        k = min(settings.meaning_neighbours, len(near))
        nearest = near[np.argpartition(-closeness[near], k - 1)[:k]]
        votes[nearest] = closeness[nearest]
    profile = np.maximum(np.asarray(index.org_vec @ vector, dtype=np.float32), 0.0)
    return votes, closeness, near, profile


def _reached(values: np.ndarray) -> Reached:
    """A full-length signal kept as its non-zero entries."""
    at = np.flatnonzero(values)
    return Reached(at, values[at], len(values))


def _clear(values: np.ndarray | Reached, position: int) -> None:
    if isinstance(values, Reached):
        values.clear(position)
    else:
        values[position] = 0.0


def _max_over(
    index: MatchingIndex, projects: np.ndarray, value: np.ndarray, n_orgs: int
) -> np.ndarray:
    """Per organisation, the largest ``value`` among its projects in ``projects`` (0 if none)."""
    out = np.zeros(n_orgs, dtype=np.float32)
    if len(projects):
        entries, lengths = row_entries(index.B, projects)
        members = index.B.indices[entries]
        np.maximum.at(out, members, np.repeat(value[projects].astype(np.float32), lengths))
    return out


def _nuts_overlap(index: MatchingIndex, nuts: str) -> np.ndarray:
    """Shared NUTS levels below the country (NUTS1 = 1/3 … NUTS3 = 3/3) with ``nuts``."""
    out = np.zeros(index.n_orgs, dtype=np.float32)
    for level, codes in enumerate(index.org_nuts_levels, start=1):
        code = index.nuts_codes.get(nuts[: 2 + level], -1)
        if code >= 0:
            out += codes == code
    return out / 3.0
