# Search vector for the article archive; its GIN index exists on PostgreSQL only.

import django.contrib.postgres.search
from django.db import migrations

# The archive's full-text filter `search_vector @@ websearch_to_tsquery(...)` reads this index.
CREATE_INDEX = "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING gin (search_vector)"
DROP_INDEX = "DROP INDEX IF EXISTS article_search_vector_gin"
# Articles already stored get their words; articles.search.refresh_search_vectors adds the places of cited flights.
FILL = """
UPDATE articles_article SET search_vector =
    setweight(to_tsvector('english', coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english', coalesce(dek, '')), 'B')
    || setweight(to_tsvector('english', coalesce(body, '')), 'C')
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)
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
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
