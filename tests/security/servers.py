"""A real gunicorn for fault tests: started on a free port in 8150-8159 with the given environment, then stopped."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from tests.test_settings import ROOT


def free_port() -> int:
    for port in range(8150, 8160):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 8150-8159")


@dataclass
class Answer:
    status: int
    seconds: float
    body: bytes
    headers: dict[str, str]


@dataclass
class Server:
    url: str

    def get(self, path: str, timeout: float = 60) -> Answer:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return Answer(response.status, time.monotonic() - started, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Answer(error.code, time.monotonic() - started, error.read(), dict(error.headers))


@contextmanager
def gunicorn(database_url: str, **env: str) -> Iterator[Server]:
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    environment.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_PLAIN_STATIC": "1",
            "DJANGO_SECURE_COOKIES": "0",
            "DATABASE_URL": database_url,
            **env,
        }
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(f"http://127.0.0.1:{port}")
    try:
        for _ in range(150):
            try:
                server.get("/robots.txt", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
