"""Value-chain adjacency from the Belgian input–output table."""

from marketplace.matching.valuechain import ValueChain

from .helpers import engine, org, ranked


def test_nace_codes_map_to_their_input_output_sector():
    chain = ValueChain.load()
    assert chain.sectors[chain.sector_of("31.01")] == "31-32"
    assert chain.sectors[chain.sector_of("C24.10")] == "24"
    assert chain.sectors[chain.sector_of("2511")] == "25"
    assert chain.sector_of("") is None


def test_furniture_maker_is_shown_metal_suppliers_first():
    orgs = [
        org("furniture", nace=["31.01"]),
        org("steelworks", nace=["24.10"]),
        org("metalworks", nace=["25.11"]),
        org("bank", nace=["64.19"]),
        org("software", nace=["62.01"]),
        org("no-nace"),
    ]
    found = engine(orgs, []).suggest({"org": "furniture"})
    order = ranked(found)
    for supplier in ("steelworks", "metalworks"):
        for unrelated in ("bank", "software", "no-nace"):
            if unrelated in order:
                assert order.index(supplier) < order.index(unrelated)
    top = {r.code: r.evidence for r in found[0].reasons}
    assert top["value_chain"]["direction"] == "supplier"
    assert top["value_chain"]["customer_sector"] == "31-32"
    assert top["value_chain"]["supplier_sector"] in {"24", "25"}
    assert 0 < top["value_chain"]["share"] < 1
