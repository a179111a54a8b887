"""The project package as an app: its templates, commands, and the receivers that keep caches fresh."""

from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"

    def ready(self) -> None:
        from newsroom import dependencies  # noqa: F401  (connects the freshness receivers)
