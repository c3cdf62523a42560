"""The collaboration graph: past partners, partners of partners, repeated partnerships."""

from .helpers import engine, org, project, ranked


def network():
    """A query organisation, its partner, the partner's partner, and a stranger as active.

    Forty other organisations work in pairs elsewhere, so the graph has a realistic share of
    organisations nowhere near the query.
    """
    fillers = [f"f{i}" for i in range(40)]
    orgs = [
        org(r)
        for r in ("query", "partner", "partners-partner", "stranger", "old-partner", *fillers)
    ]
    projects = [
        project("a", ["query", "partner"], start="2016-03-01"),
        project("b", ["partner", "partners-partner"], start="2016-05-01"),
        project("c", ["partners-partner", "f0"], start="2016-01-01"),
        project("d", ["stranger", "f1"], start="2016-02-01"),
        project("e", ["stranger", "f2"], start="2016-06-01"),
        project("f", ["query", "old-partner"], start="2008-01-01"),
    ]
    projects += [
        project(f"z{i}", [fillers[i], fillers[i + 1]], start="2015-06-01") for i in range(3, 39, 2)
    ]
    return orgs, projects


def test_partner_of_partner_ranks_above_a_busier_stranger():
    found = engine(*network()).suggest({"org": "query"})
    order = ranked(found)
    assert order[0] == "partner"
    assert order.index("partners-partner") < order.index("stranger")
    via = {r.code: r.evidence for r in found[order.index("partners-partner")].reasons}
    assert via["partner_of_partner"]["via"] == ["partner"]


def test_recent_partner_ranks_above_a_partner_from_long_ago():
    order = ranked(engine(*network()).suggest({"org": "query"}, limit=50))
    assert order.index("partner") < order.index("old-partner")


def test_repeated_partnership_is_reported_with_its_count():
    orgs, projects = network()
    projects.append(project("g", ["query", "partner"], start="2016-09-01"))
    found = engine(orgs, projects).suggest({"org": "query"})
    reasons = {r.code: r.evidence for r in found[0].reasons}
    assert found[0].org == "partner"
    assert reasons["past_partner"]["count"] == 2
    assert reasons["past_partner"]["projects"][0] == "g"  # the latest first
    assert reasons["past_partner"]["year"] == 2016
