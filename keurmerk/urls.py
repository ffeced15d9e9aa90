from django.contrib import admin
from django.urls import include, path, re_path

from keurmerk.api.api import api
from keurmerk.api.views import api_not_found
from keurmerk.core.views import health, public_home

urlpatterns = [
    path("", public_home, name="home"),
    path("gezondheid/", health, name="health"),
    path("normen/", include("keurmerk.frameworks.urls")),
    path("consultatie/", include("keurmerk.consultations.urls")),
    path("spiegel/", include("keurmerk.mirror.urls")),
    path("", include("keurmerk.organisations.urls")),
    path("", include("keurmerk.cycles.urls")),
    path("zelfevaluatie/", include("keurmerk.selfevaluations.urls")),
    path("", include("keurmerk.assessments.urls")),
    path("", include("keurmerk.credentials.urls")),
    path("", include("keurmerk.register.urls")),
    path("klachten/", include("keurmerk.complaints.urls")),
    path("", include("keurmerk.sampling.urls")),
    path("bijeenkomsten/", include("keurmerk.meetings.urls")),
    path("meldingen/", include("keurmerk.notifications.urls")),
    path("staf/", include("keurmerk.core.staff_urls")),
    path("verzekeraar/", include("keurmerk.core.insurer_urls")),
    path("taal/", include("django.conf.urls.i18n")),
    path("account/api-tokens/", include("keurmerk.api.urls")),
    path("account/", include("allauth.urls")),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("beheer/", admin.site.urls),
]

handler403 = "keurmerk.errors.forbidden"
handler404 = "keurmerk.errors.not_found"
handler500 = "keurmerk.errors.server_error"
