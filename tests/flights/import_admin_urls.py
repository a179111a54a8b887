"""An admin site whose Flight admin is the lead's FlightAdmin with the import page mixed in."""

from django.contrib import admin
from django.urls import path

from flights.admin import FlightAdmin
from flights.admin_import import FlightImportAdminMixin
from flights.models import Flight

site = admin.AdminSite(name="admin")

# Once FlightAdmin mixes the import page in itself, use it as it is (mixing it in twice would clash).
if issubclass(FlightAdmin, FlightImportAdminMixin):
    site.register(Flight, FlightAdmin)
else:
    site.register(Flight, type("FlightAdminWithImport", (FlightImportAdminMixin, FlightAdmin), {}))

urlpatterns = [path("admin/", site.urls)]
