from django.urls import path

from . import views

app_name = "cycles"
urlpatterns = [
    path("aanmelden/", views.apply, name="apply"),
    path("start/", views.home, name="home"),
    path("aanmelden/organisatie/<int:pk>/", views.apply_again, name="apply_again"),
    path("deelname/<int:pk>/overeenkomst/", views.agreement, name="agreement"),
    path("deelname/<int:pk>/overeenkomst/ondertekenen/", views.agreement_sign, name="agreement_sign"),
    path("deelname/<int:pk>/overeenkomst.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("deelname/<int:pk>/voorbereiding/", views.preparation, name="preparation"),
    path("kalender/<int:year>.ics", views.calendar_ics, name="calendar_ics"),
]
