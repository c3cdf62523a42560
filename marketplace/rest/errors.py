"""API error handling: Django's ValidationError from models and services becomes a 400; a
refusal over an abuse limit says when to try again in one language (DRF's own sentence is half
translated: "Aanvraag was verstikt. Expected available in 3480 seconds.")."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import ngettext
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail: Any
        if hasattr(exc, "error_dict"):
            detail = {
                field: [str(m) for e in errs for m in e.messages]
                for field, errs in exc.error_dict.items()
            }
        else:
            detail = {"detail": [str(m) for m in exc.messages]}
        exc = serializers.ValidationError(detail)
    elif isinstance(exc, exceptions.Throttled) and getattr(exc, "wait", None) is not None:
        wait = exc.wait  # type: ignore[attr-defined]  # set by DRF; missing from its stubs
        minutes = max(1, math.ceil(wait / 60))
        exc = exceptions.Throttled(
            detail=ngettext(
                "Request was throttled: too many in a short time. Please try again in a minute.",
                "Request was throttled: too many in a short time. "
                "Please try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes}
        )
        exc.wait = wait  # type: ignore[attr-defined]  # the Retry-After header
    return drf_exception_handler(exc, context)
