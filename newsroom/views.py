"""Site-wide pages: home, robots.txt, and the error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import TemplateView

from articles.models import Article
from flights.models import Flight
from newsroom.caching import PublicCacheMixin, mark_public
from newsroom.kept_listings import KeptListingMixin


class HomeView(PublicCacheMixin, KeptListingMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Only what the list shows: the body and search vector are most of a story's row.
        shown = Article.objects.published().only("headline", "slug", "dek", "published_at", "status")
        articles = list(shown.with_byline()[:9])
        # The newest story leads the page; the others follow as a list.
        context["lead"] = articles[0] if articles else None
        context["articles"] = articles[1:]
        context["flights"] = Flight.objects.public().flights().with_places()[:8]
        return context


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /articles/preview/", f"Sitemap: {sitemap}"]
    return mark_public(HttpResponse("\n".join(lines) + "\n", content_type="text/plain"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"search_url": reverse("articles:list")}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or database here: the error may be the database itself.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the static file."""
    return mark_public(HttpResponseRedirect(static("img/favicon.ico")))


def web_manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: name, colours and icons for a phone's home screen."""
    icons = [
        {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"} for size in (192, 512)
    ]
    icons.append({"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"})
    manifest = {
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME.removeprefix("The "),
        "description": "Deportation flights, sourced record by record, and the stories that cite them.",
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "background_color": "#fffdf8",
        "theme_color": "#9b2c1f",
        "icons": icons,
    }
    response = JsonResponse(manifest, content_type="application/manifest+json")
    return mark_public(response)
