"""A partial index on Article.revision_due_at: the next due revision is looked up on every uncached public page."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_newsroom_roles"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("revision_due_at__isnull", False)),
                fields=["revision_due_at"],
                name="article_revision_due_idx",
            ),
        ),
    ]
