"""Site-wide pages: home, robots.txt, and the error pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import TemplateView

from articles.models import Article
from flights.models import Flight
from newsroom.caching import PublicCacheMixin, mark_public


class HomeView(PublicCacheMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["articles"] = Article.objects.published().with_byline()[:8]
        context["flights"] = Flight.objects.public().with_places()[:8]
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
