"""Public URLs of the flight records."""

from django.urls import path

from flights import views

app_name = "flights"

urlpatterns = [
    path("", views.FlightListView.as_view(), name="list"),
    path("flights.csv", views.FlightDownloadView.as_view(format="csv"), name="download_csv"),
    path("flights.json", views.FlightDownloadView.as_view(format="json"), name="download_json"),
    path("country/<str:code>/", views.CountryView.as_view(), name="country"),
    path("airports/<str:icao>/", views.AirportView.as_view(), name="airport"),
    path("operators/<slug:slug>/", views.OperatorView.as_view(), name="operator"),
    path("sources/<slug:slug>/", views.SourceView.as_view(), name="source"),
    path("<slug:slug>/", views.FlightDetailView.as_view(), name="detail"),
]
