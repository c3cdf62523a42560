"""Belgian enterprise numbers and EU VAT numbers: normalised, or refused with a clear reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from marketplace.identifiers import normalise_enterprise_number, normalise_vat_number


@pytest.mark.parametrize(
    "value",
    ["0417497106", "0417.497.106", "0417 497 106", "BE0417497106", "BE 0417.497.106", "417497106"],
)
def test_enterprise_number_is_normalised(value):
    assert normalise_enterprise_number(value) == "0417.497.106"


def test_new_enterprise_numbers_start_with_1():
    assert normalise_enterprise_number("1234.567.894") == "1234.567.894"


@pytest.mark.parametrize("value", ["0417.497.107", "0417497105"])
def test_enterprise_number_with_wrong_check_digits(value):
    with pytest.raises(ValidationError) as error:
        normalise_enterprise_number(value)
    assert error.value.code == "checksum"
    assert value in error.value.messages[0]


@pytest.mark.parametrize("value", ["12345", "abcdefghij", "2417497106", "04174971060", ""])
def test_not_an_enterprise_number(value):
    with pytest.raises(ValidationError) as error:
        normalise_enterprise_number(value)
    assert error.value.code == "format"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("BE0417497106", "BE0417497106"),
        ("be 0417.497.106", "BE0417497106"),
        ("NL004495445B01", "NL004495445B01"),
        ("DE136695976", "DE136695976"),
        ("FR 40 303 265 045", "FR40303265045"),
    ],
)
def test_vat_number_is_normalised(value, expected):
    assert normalise_vat_number(value) == expected


@pytest.mark.parametrize("value", ["BE0417497107", "DE136695977"])
def test_vat_number_with_wrong_check_digits(value):
    with pytest.raises(ValidationError) as error:
        normalise_vat_number(value)
    assert error.value.code == "checksum"


@pytest.mark.parametrize("value", ["XX123", "0417497106", "BE12", "US123456789"])
def test_not_a_vat_number(value):
    with pytest.raises(ValidationError) as error:
        normalise_vat_number(value)
    assert error.value.code == "format"


@pytest.mark.django_db
def test_model_validation_normalises_both_numbers():
    from marketplace.models import Organisation

    organisation = Organisation(name="X", enterprise_number="0417497106", vat_number="be0417497106")
    organisation.full_clean()
    assert organisation.enterprise_number == "0417.497.106"
    assert organisation.vat_number == "BE0417497106"


@pytest.mark.django_db
def test_model_validation_names_both_bad_numbers():
    from marketplace.models import Organisation

    organisation = Organisation(name="X", enterprise_number="0417497107", vat_number="XX1")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert set(error.value.message_dict) == {"enterprise_number", "vat_number"}
