# Facet keys copied onto articles, so the archive's facet counts need no link-table joins (PostgreSQL).

from django.db import migrations, models

import articles.fields


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Vectors (now with the places of cited flights) and facet keys, in the one statement the app runs.
        from articles.search import refresh_search_vectors

        refresh_search_vectors(using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_merge_factcheck_search'),
    ]

    operations = [
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
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
