"""Full-text index for searching a room's messages (PostgreSQL only; SQLite falls back to a
plain LIKE search). The expression is exactly what chat.messages.messages_search filters on."""

from django.db import migrations

INDEX = "chat_message_body_search"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON chat_message "
            "USING gin (to_tsvector('simple'::regconfig, COALESCE(body, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("chat", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
