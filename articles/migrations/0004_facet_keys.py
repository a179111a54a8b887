# Facet keys copied onto articles, so the archive's facet counts need no link-table joins (PostgreSQL).

from django.db import migrations, models

import articles.fields


def fill(apps, schema_editor):
    # Nothing here any more: refresh_search_vectors now also writes a column added later (facet_kinds, 0009),
    # so it cannot run at this point of a fresh database; 0009_facet_filters fills every vector and key instead.
    pass


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
