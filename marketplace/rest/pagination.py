from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from marketplace.numbers import whole_number


class Pagination(PageNumberPagination):
    """Pages of 25 by default; ``page_size`` asks for 1 to 100. A size that is not a whole
    number in that range is refused (400) rather than silently replaced by the default, so a
    client that asked for 500 does not believe it got everything."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        size = whole_number(raw)
        if size is None or not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Ask for a whole number of results per page from 1 to %(most)d.")
                        % {"most": self.max_page_size}
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters


class FacetedPagination(Pagination):
    """A page of a faceted browse: the usual page, plus `facets` (per filter, the number of
    results for each of its values)."""

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        page = super().get_paginated_response_schema(schema)
        page["properties"]["facets"] = {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
            },
        }
        page["required"] = [*page.get("required", []), "facets"]
        return page
