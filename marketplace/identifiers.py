"""Company identifiers: the Belgian enterprise number and EU VAT numbers, checked by checksum."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.be import vat as be_vat
from stdnum.eu import vat as eu_vat


def normalise_enterprise_number(value: str) -> str:
    """Return the number as 0123.456.789, or raise ValidationError with a clear reason."""
    try:
        digits = be_vat.validate(value)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("%(value)s is not a valid Belgian enterprise number: the check digits do not match.")
            % {"value": value},
            code="checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("%(value)s is not a Belgian enterprise number (ten digits, starting with 0 or 1).")
            % {"value": value},
            code="format",
        ) from None
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def normalise_vat_number(value: str) -> str:
    """Return an EU VAT number in compact form (BE0123456789), or raise ValidationError."""
    try:
        return str(eu_vat.validate(value))
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("%(value)s is not a valid VAT number: the check digits do not match.")
            % {"value": value},
            code="checksum",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("%(value)s is not an EU VAT number (country prefix followed by the number).")
            % {"value": value},
            code="format",
        ) from None
