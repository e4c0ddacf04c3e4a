"""PostgreSQL: keep the words' tsvector in a stored generated column, indexed with GIN.

Matching a stored vector is cheap, so the planner may also walk the sort-key index and filter;
computing to_tsvector per row (the former expression index) made that path slow.
The column is PostgreSQL-only and unknown to the model: Django never writes it.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_search_text_fts")
    schema_editor.execute(
        "ALTER TABLE persons_person ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_search_vector ON persons_person USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_search_vector")
    schema_editor.execute("ALTER TABLE persons_person DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_search_text_fts ON persons_person "
        "USING gin (to_tsvector('simple', search_text))"
    )


class Migration(migrations.Migration):
    dependencies = [("persons", "0002_search_index")]
    operations = [migrations.RunPython(create, drop)]
