from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("certificaat/<int:pk>/", views.certificate_pdf, name="certificate"),
]
