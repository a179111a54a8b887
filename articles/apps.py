"""App config for the journalism."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Journalism"

    def ready(self) -> None:
        from articles import receivers  # noqa: F401  (connects signal receivers)
