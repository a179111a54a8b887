"""Facet keys as the archive's filters (PostgreSQL): kinds of cited flights copied onto each article, and a GIN
index on each key array, so a filter on topic, author, destination or kind intersects index bitmaps with the
full-text match instead of reading every matching row or joining link tables."""

from django.db import migrations, models

import articles.fields

KEYS = ("facet_topics", "facet_authors", "facet_countries", "facet_kinds")


def fill_and_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # on SQLite the keys are unused columns; the filters join the link tables there
    # Every vector and facet key, in the one statement the app runs (it now writes facet_kinds too).
    from articles.search import refresh_search_vectors

    refresh_search_vectors(using=schema_editor.connection.alias)
    for key in KEYS:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS article_{key}_gin ON articles_article USING gin ({key})")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for key in KEYS:
            schema_editor.execute(f"DROP INDEX IF EXISTS article_{key}_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_revision_due_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="facet_kinds",
            field=articles.fields.FacetKeysField(
                base_field=models.CharField(max_length=16), editable=False, null=True, size=None
            ),
        ),
        migrations.RunPython(fill_and_index, drop_indexes, elidable=False),
    ]
