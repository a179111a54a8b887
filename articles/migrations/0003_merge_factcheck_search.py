# Joins the fact-check and search migrations, which were written side by side.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_factcheck"),
        ("articles", "0002_search"),
    ]

    operations = []
