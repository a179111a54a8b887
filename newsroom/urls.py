"""Top-level URLs: the public site, the two apps, feeds, sitemaps, and the admin."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.corrections import CorrectionListView, CorrectionsAtom, CorrectionsFeed
from articles.feeds import AuthorAtom, AuthorFeed, LatestStoriesAtom, LatestStoriesFeed, TopicAtom, TopicFeed
from flights.summary_views import IceAirMethodsView
from newsroom import views
from newsroom.health import healthz
from newsroom.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", views.web_manifest, name="manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("articles/topics/<slug:slug>/feed/", TopicFeed(), name="topic-feed"),
    path("articles/topics/<slug:slug>/feed/atom/", TopicAtom(), name="topic-feed-atom"),
    path("articles/authors/<slug:slug>/feed/", AuthorFeed(), name="author-feed"),
    path("articles/authors/<slug:slug>/feed/atom/", AuthorAtom(), name="author-feed-atom"),
    path("articles/", include("articles.urls")),
    path("feed/", LatestStoriesFeed(), name="feed"),
    path("feed/atom/", LatestStoriesAtom(), name="feed-atom"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    # Before the generic section route: the news section has its own template (news: tags).
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": SITEMAPS["news"]}, "template_name": "sitemaps/news.xml"},
        name="sitemap-news",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("corrections/", CorrectionListView.as_view(), name="corrections"),
    path("corrections/feed/", CorrectionsFeed(), name="corrections-feed"),
    path("corrections/feed/atom/", CorrectionsAtom(), name="corrections-feed-atom"),
    path("flights/", include("flights.urls")),
    path("data/ice-air/", IceAirMethodsView.as_view(), name="ice-air-methods"),
]

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static as static_urls

    urlpatterns += static_urls(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
