"""What the OpenAPI schema says about errors, for every operation at once.

Views document their successful answers; the answers every API operation can give when the
request is refused are the same everywhere (DRF's error JSON, see errors.py): 400 for bad
input, 401/403 when the client may not do this, 404 for an object outside its reach, 429 when
it went over a rate limit. This postprocessing hook declares them, with one shared `Error`
component, on each operation that can give them.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from marketplace.rest.strict import StrictFieldsMixin

ERROR = {
    "description": "DRF's error JSON: `detail` (a sentence, or a list of sentences), or the "
    "names of the fields that were wrong with their messages.",
    "oneOf": [
        {"type": "object", "additionalProperties": True},
        {"type": "array", "items": {"type": "string"}},
    ],
}
ANSWERS = {
    "400": "The input is not valid; the body names each field that is wrong.",
    "401": "Not signed in.",
    "403": "Signed in, but this is not yours to do.",
    "404": "No such object, or not one you may know exists.",
    "429": "Too many requests; the Retry-After header says how many seconds to wait.",
}


def declare_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "429"]
            parameters = {p.get("name") for p in operation.get("parameters", [])}
            if "{" in path:
                codes.append("404")
            elif "page" in parameters:
                # A page past the last one is "not found" (DRF's pagination).
                responses.setdefault(
                    "404", {"description": "No such page of results.", "content": reference}
                )
            for code in codes:
                responses.setdefault(code, {"description": ANSWERS[code], "content": reference})
            for code, answer in responses.items():
                if code[0] in "45" and "content" not in answer:
                    # A refusal a view declared (e.g. payments' 409/502/503) without its body.
                    answer["content"] = reference
    return result


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's schema, plus: a serializer that leaves fields out of some answers
    (the receipt code for everyone but the author, a run's educator-only fields) names them
    in `sometimes_absent`, and the schema does not call them required; a request body that
    refuses unknown fields (every one, tests/test_strict_serializers.py) says
    ``additionalProperties: false``."""

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        result = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, StrictFieldsMixin):
            # A field the body does not declare is refused (400), so the schema says so.
            result["additionalProperties"] = False
        absent = set(getattr(serializer, "sometimes_absent", ()))
        if absent and direction == "response" and "required" in result:
            result["required"] = [name for name in result["required"] if name not in absent]
            if not result["required"]:
                del result["required"]
        return result
