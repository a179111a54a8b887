"""App config for the flight records."""

from django.apps import AppConfig


class FlightsConfig(AppConfig):
    name = "flights"
    verbose_name = "Flight records"
