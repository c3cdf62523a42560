"""Every request body of the API refuses fields it does not know, at every level: a nested
item's unknown field (a score's `weight`) is a 400 like a top-level one, never silently
dropped. The bodies are the ones the OpenAPI schema documents, walked down to their leaves."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from rest_framework import serializers

from marketplace.rest.strict import StrictFieldsMixin


def _nested(serializer: serializers.BaseSerializer, seen: set[type]):
    """The serializer and every serializer inside it (fields, list items), each once."""
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    if not isinstance(serializer, serializers.Serializer) or type(serializer) in seen:
        return
    seen.add(type(serializer))
    yield serializer
    for field in serializer.fields.values():
        if field.read_only:
            continue
        inner = getattr(field, "child", None) if isinstance(field, serializers.ListField) else field
        if isinstance(inner, serializers.BaseSerializer):
            yield from _nested(inner, seen)


@pytest.mark.django_db
def test_every_request_body_is_strict_at_every_level():
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    bodies: list[str] = []
    lax: list[str] = []
    seen: set[type] = set()
    for path, regex, method, view in generator._get_paths_and_endpoints():
        if method not in {"POST", "PUT", "PATCH"}:
            continue
        view.request = spectacular_settings.GET_MOCK_REQUEST(method, path, view, None)
        schema = view.schema
        schema.registry, schema.path, schema.path_regex = generator.registry, path, regex
        schema.path_prefix, schema.method = "/api/v1/", method
        if schema.is_excluded():
            continue
        body = view.schema.get_request_serializer()
        if isinstance(body, type):
            body = body()
        if not isinstance(body, serializers.BaseSerializer):
            continue
        for serializer in _nested(body, seen):
            name = f"{type(serializer).__module__}.{type(serializer).__qualname__}"
            bodies.append(name)
            if not isinstance(serializer, StrictFieldsMixin):
                lax.append(f"{method} {path}: {name}")
    assert len(bodies) > 40
    assert "marketplace.api.judging.ScoreInputSerializer" in bodies
    assert lax == []


@pytest.mark.django_db
def test_the_schema_says_request_bodies_refuse_unknown_fields():
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    bodies = {name: s for name, s in schemas.items() if name.endswith("Request")}
    assert len(bodies) > 40
    open_ended = [
        name
        for name, s in bodies.items()
        if "properties" in s and s.get("additionalProperties") is not False
    ]
    assert open_ended == []
    # Answers stay open: a client may meet a field added later.
    assert "additionalProperties" not in schemas["Capability"]
