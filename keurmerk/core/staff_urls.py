"""The staff pages under `/staf/` (namespace `staff`): the dashboard of `core` and the cycle pages."""

from django.urls import path

from keurmerk.cycles.staff_urls import urlpatterns as cycle_patterns

from . import views

app_name = "staff"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("termijnen/", views.staff_items, name="items"),
    *cycle_patterns,
]
