"""The bench's baseline: one Django view returning a short HTML string, behind Django's default middleware.

Served by gunicorn exactly as the site is (scripts/bench_pages.py), from its own URLconf: it is not part of
the site's URLs. Every page's throughput is reported as a ratio to this one.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path

django.setup()


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!doctype html><title>Bare</title><p>A bare Django view.</p>")


urlpatterns = [path("", bare)]

# The middleware `django-admin startproject` writes: what any Django site pays before its own work.
settings.MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
settings.ROOT_URLCONF = __name__

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
