"""PostgreSQL only (SQLite has none of these): GIN indexes on the stored text-search vectors; a
covering index with the columns a browse request reads (lists and facets run as index-only
scans); a small TOAST target for challenges so that long texts and the vector live out of line
and other scans read narrow rows."""

from django.db import migrations

INDEXES = [
    ("marketplace_challenge", "challenge_search_gin"),
    ("marketplace_goodpracticecase", "goodpractice_search_gin"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("search_vector")'
        )
    schema_editor.execute(
        'CREATE INDEX IF NOT EXISTS "challenge_browse_idx" ON "marketplace_challenge" '
        '("visibility", "status") INCLUDE ("id", "type", "sector", "nuts_id", "deadline", '
        '"published_at", "budget_eur", "organisation_id", "anonymous_seeker", "technology_slugs")'
    )
    schema_editor.execute('ALTER TABLE "marketplace_challenge" SET (toast_tuple_target = 256)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    schema_editor.execute('DROP INDEX IF EXISTS "challenge_browse_idx"')
    schema_editor.execute('ALTER TABLE "marketplace_challenge" RESET (toast_tuple_target)')


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0002_challenges")]

    operations = [migrations.RunPython(create, drop)]
