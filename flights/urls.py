"""Public URLs of the flight records."""

from django.urls import path

from flights import database_views, summary_views, views

app_name = "flights"

urlpatterns = [
    path("", views.FlightListView.as_view(), name="list"),
    path("flights.csv", views.FlightDownloadView.as_view(format="csv"), name="download_csv"),
    path("flights.json", views.FlightDownloadView.as_view(format="json"), name="download_json"),
    path("aggregates.csv", database_views.AggregateDownloadView.as_view(format="csv"), name="aggregates_csv"),
    path("aggregates.json", database_views.AggregateDownloadView.as_view(format="json"), name="aggregates_json"),
    path("routes/", database_views.RouteMapView.as_view(), name="routes"),
    path("country/", summary_views.CountryIndexView.as_view(), name="countries"),
    path("country/<str:code>/", summary_views.CountryView.as_view(), name="country"),
    path("airports/", summary_views.AirportIndexView.as_view(), name="airports"),
    path("airports/<str:icao>/", summary_views.AirportView.as_view(), name="airport"),
    path("operators/", summary_views.OperatorIndexView.as_view(), name="operators"),
    path("sources/", summary_views.SourceIndexView.as_view(), name="sources"),
    path("operators/<slug:slug>/", views.OperatorView.as_view(), name="operator"),
    path("sources/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("<slug:slug>/", views.FlightDetailView.as_view(), name="detail"),
]
