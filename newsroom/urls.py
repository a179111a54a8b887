"""Top-level URLs: the public site, the two apps, and the admin."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.corrections import CorrectionListView, CorrectionsFeed
from articles.feeds import SITEMAPS, LatestStoriesFeed
from flights.summary_views import IceAirMethodsView
from newsroom import views
from newsroom.health import healthz

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("articles/", include("articles.urls")),
    path("feed/", LatestStoriesFeed(), name="feed"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("corrections/", CorrectionListView.as_view(), name="corrections"),
    path("corrections/feed/", CorrectionsFeed(), name="corrections-feed"),
    path("flights/", include("flights.urls")),
    path("data/ice-air/", IceAirMethodsView.as_view(), name="ice-air-methods"),
]

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
