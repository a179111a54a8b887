"""An admin site with the import page mixed into a Flight admin, as the lead's FlightAdmin will have it."""

from django.contrib import admin
from django.urls import path

from flights.admin_import import FlightImportAdminMixin
from flights.models import Flight

site = admin.AdminSite(name="admin")


class FlightAdmin(FlightImportAdminMixin, admin.ModelAdmin):
    list_display = ["slug", "departed_earliest", "passengers_total"]


site.register(Flight, FlightAdmin)

urlpatterns = [path("admin/", site.urls)]
