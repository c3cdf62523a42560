"""Size class by the EU SME definition (Recommendation 2003/361/EC): staff headcount sets the
ceiling; turnover *or* balance-sheet total must stay under the class's limit."""

from __future__ import annotations

import pytest

from marketplace.models.organisations import sme_size_class
from tests.factories import OrganisationFactory

M = 1_000_000


@pytest.mark.parametrize(
    "headcount, turnover, balance, expected",
    [
        (None, None, None, ""),
        (None, 5 * M, 5 * M, ""),
        (0, None, None, "micro"),
        (9, None, None, "micro"),
        (10, None, None, "small"),
        (49, None, None, "small"),
        (50, None, None, "medium"),
        (249, None, None, "medium"),
        (250, None, None, "large"),
        (9, 2 * M, None, "micro"),
        (9, 2 * M + 1, None, "small"),
        (9, 3 * M, 1 * M, "micro"),  # turnover over the limit, but the balance sheet is under
        (9, 3 * M, 3 * M, "small"),
        (9, None, 2 * M + 1, "small"),
        (49, 10 * M, None, "small"),
        (49, 10 * M + 1, 10 * M + 1, "medium"),
        (249, 50 * M, None, "medium"),
        (249, 60 * M, 43 * M, "medium"),
        (249, 60 * M, 43 * M + 1, "large"),
        (249, 50 * M + 1, None, "large"),
        (5, 200 * M, 200 * M, "large"),  # few staff, large figures
        (10_000, 1, 1, "large"),
    ],
)
def test_size_class(headcount, turnover, balance, expected):
    assert sme_size_class(headcount, turnover, balance) == expected


@pytest.mark.django_db
def test_saving_an_organisation_recomputes_its_size_class():
    organisation = OrganisationFactory(staff_headcount=5, annual_turnover_eur=1 * M)
    assert organisation.size_class == "micro"
    assert organisation.is_sme
    organisation.size_class = "micro"
    organisation.staff_headcount = 400
    organisation.save()
    organisation.refresh_from_db()
    assert organisation.size_class == "large"
    assert not organisation.is_sme


@pytest.mark.django_db
def test_only_companies_are_smes():
    university = OrganisationFactory(
        kind="university", staff_headcount=30, annual_turnover_eur=5 * M
    )
    assert university.size_class == "small"
    assert not university.is_sme


@pytest.mark.django_db
def test_organisations_filter_by_size_class(api):
    OrganisationFactory(name="Klein", staff_headcount=8, annual_turnover_eur=1 * M)
    OrganisationFactory(name="Groot", staff_headcount=900, annual_turnover_eur=900 * M)
    names = [
        o["name"]
        for o in api(None).get("/api/v1/organisations/?size_class=micro").json()["results"]
    ]
    assert names == ["Klein"]
