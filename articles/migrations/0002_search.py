# Search vector and facet keys for the article archive; the GIN index exists on PostgreSQL only.

import django.contrib.postgres.search
from django.db import migrations, models

import articles.fields

# The archive's full-text filter `search_vector @@ websearch_to_tsquery(...)` reads this index.
CREATE_INDEX = "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING gin (search_vector)"
DROP_INDEX = "DROP INDEX IF EXISTS article_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Articles already stored get their words and facet keys (the same statement the app runs).
        from articles.search import refresh_search_vectors

        refresh_search_vectors(using=schema_editor.connection.alias)
        schema_editor.execute(CREATE_INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='facet_authors',
            field=articles.fields.FacetKeysField(base_field=models.BigIntegerField(), editable=False, null=True, size=None),
        ),
        migrations.AddField(
            model_name='article',
            name='facet_countries',
            field=articles.fields.FacetKeysField(base_field=models.CharField(max_length=2), editable=False, null=True, size=None),
        ),
        migrations.AddField(
            model_name='article',
            name='facet_topics',
            field=articles.fields.FacetKeysField(base_field=models.BigIntegerField(), editable=False, null=True, size=None),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
