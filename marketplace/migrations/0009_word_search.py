"""Word search over normalised text (marketplace/models/search.py): the `search_text` of
challenges and capabilities, filled for existing rows, and on PostgreSQL trigram GIN indexes
(pg_trgm) so that the substring tests of a selective search are index scans; the column is
stored plain, in the row. pg_trgm is a trusted
extension (PostgreSQL 13+): the database owner may create it. Where it cannot be created the
search still works, by scanning."""

from django.db import migrations, models, transaction

from marketplace.models.search import search_text

INDEXES = [
    ("marketplace_challenge", "challenge_search_text_trgm"),
    ("marketplace_capability", "capability_search_text_trgm"),
]


def fill(apps, schema_editor):
    Challenge = apps.get_model("marketplace", "Challenge")
    Capability = apps.get_model("marketplace", "Capability")
    for challenge in Challenge.objects.prefetch_related("technologies").iterator(chunk_size=500):
        labels = " ".join(
            f"{t.label_nl} {t.label_en} {t.label_fr}" for t in challenge.technologies.all()
        )
        challenge.search_text = search_text(
            challenge.title, labels, challenge.summary, challenge.goal, challenge.scope
        )
        challenge.save(update_fields=["search_text"])
    for capability in Capability.objects.iterator(chunk_size=500):
        capability.search_text = search_text(capability.title, capability.description)
        capability.save(update_fields=["search_text"])


def plain_storage(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _name in INDEXES:
        # Kept in the row, uncompressed (search_text is at most 3,000 characters): a search
        # tests several substrings per row, and each test would decompress or fetch it again.
        schema_editor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "search_text" SET STORAGE PLAIN')


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no right to create it: the search scans instead
        return
    for table, name in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            'USING gin ("search_text" gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0008_challenge_view_days")]

    operations = [
        migrations.AddField(
            model_name="capability",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="challenge",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(plain_storage, migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
