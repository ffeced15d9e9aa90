"""The insurer's pages under `/verzekeraar/` (namespace `insurer`): the home and its holder export."""

from django.urls import path

from . import views

app_name = "insurer"
urlpatterns = [
    path("", views.insurer_home, name="home"),
    path("keurmerkdragers.<str:fmt>", views.insurer_export, name="holders_export"),
]
