from django.urls import path

from . import views

app_name = "mirror"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.organisation_home, name="organisation"),
    path("<int:pk>/aanleveren/", views.upload, name="upload"),
    path("<int:pk>/aanlevering/<int:upload_pk>/", views.upload_summary, name="upload_summary"),
    path("<int:pk>/aanlevering/bezig/<int:job_pk>/", views.upload_job, name="upload_job"),
    path("<int:pk>/verwijderen/", views.delete, name="delete"),
    path("<int:pk>/<int:year>/", views.report, name="report"),
    path("<int:pk>/<int:year>/pdf/", views.report_pdf, name="report_pdf"),
    path("landelijk/", views.scheme_index, name="scheme_index"),
    path("landelijk/<int:year>/", views.scheme_year, name="scheme_year"),
    path("landelijk/<int:year>/indicatoren.csv", views.scheme_export, {"fmt": "csv"}, name="scheme_csv"),
    path("landelijk/<int:year>/indicatoren.xlsx", views.scheme_export, {"fmt": "xlsx"}, name="scheme_xlsx"),
]
