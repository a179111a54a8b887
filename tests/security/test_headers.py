"""Response headers: a Content-Security-Policy without inline script, Permissions-Policy, HSTS and HTTPS when
DJANGO_SECURE=1, no server detail from gunicorn, and `check --deploy` clean with production settings (item 11)."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import JUNE_2025, JUNE_2025_STORY
from tests.test_settings import ROOT

PUBLIC_PAGES = [
    "/",
    "/articles/",
    f"/articles/{JUNE_2025_STORY}/",
    "/flights/",
    f"/flights/{JUNE_2025}/",
    "/flights/country/CN/",
    "/flights/sources/ice-2025-06-09/",
    "/corrections/",
]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_forbid_inline_script_and_carry_none(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    # The policy and the pages agree: no script block that would run, no event-handler attributes.
    for script in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in script or 'type="application/ld+json"' in script, script
    assert not re.search(r"\son[a-z]+\s*=", html)


@pytest.mark.django_db
def test_the_admin_has_its_own_policy_still_without_inline_script(editor_client):
    response = editor_client.get("/admin/flights/flight/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_with_https_on_plain_http_is_redirected_and_https_answers_carry_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/robots.txt")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/robots.txt"
    secure = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "news.example.org",
            "DJANGO_SECURE": "1",
            **extra,
        }
    )
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_django_secure_turns_on_hsts_redirect_and_the_proxy_header():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE)"
    )
    env = production_env(DJANGO_SETTINGS_MODULE="newsroom.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') True", result.stderr


def free_port() -> int:
    for port in range(8150, 8160):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 8150-8159")


def test_gunicorn_names_no_server_software(tmp_path):
    port = free_port()
    env = production_env(DJANGO_ALLOWED_HOSTS="127.0.0.1", DJANGO_SECURE="0", DJANGO_PLAIN_STATIC="1")
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2) as response:
                    server_header = response.headers.get("Server")
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer: " + server.stderr.read1().decode())  # type: ignore[union-attr]
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server_header == "newsroom"
