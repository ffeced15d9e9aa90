from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
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
    path("meldingen/", include("keurmerk.notifications.urls")),
    path("staf/", include("keurmerk.core.staff_urls")),
    path("taal/", include("django.conf.urls.i18n")),
    path("account/", include("allauth.urls")),
    path("beheer/", admin.site.urls),
]

handler403 = "keurmerk.errors.forbidden"
handler404 = "keurmerk.errors.not_found"
handler500 = "keurmerk.errors.server_error"
