"""PostgreSQL: a GIN full-text index on the folded name words (SQLite scans instead)."""

from django.db import migrations

INDEX = "person_search_text_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON persons_person "
            "USING gin (to_tsvector('simple', search_text))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("persons", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
