"""App config for the journalism."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Journalism"

    def ready(self) -> None:
        # Importing connects the signal receivers: records to stories, and search vectors kept fresh.
        from articles import receivers, search_signals  # noqa: F401
