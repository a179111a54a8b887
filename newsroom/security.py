"""Security policy in one place: response headers (CSP, Permissions-Policy), throttled logins, the client's address."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import get_script_prefix, reverse


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not send: Permissions-Policy, on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PolicyMiddleware(CSPMiddleware):
    """django-csp with two policies: the strict public one, and the admin's (which allows inline styles)."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(admin_prefix()):
            parts.config = settings.ADMIN_CSP
        return parts


def admin_prefix() -> str:
    """Where the admin's pages start (asked on every request: reversed once per script prefix)."""
    prefix = get_script_prefix()
    found = _admin_prefixes.get(prefix)
    if found is None:
        found = _admin_prefixes[prefix] = reverse("admin:index")
    return found


_admin_prefixes: dict[str, str] = {}


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for logins over HTTP.

    Logins without a request (the test client's login(), a shell) are not attempts anyone can repeat
    from outside; axes would refuse them outright, so they pass to the next backend unthrottled.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str:
    """The reader's address: the socket's, or behind DJANGO_PROXY_COUNT proxies the one the outermost saw.

    X-Forwarded-For is only believed as far as our own proxies wrote it; a client can put anything in
    front of it, so trusting its first entry would let a password guesser pick a new address per try.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
