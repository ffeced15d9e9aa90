from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("certificaat/<int:pk>/", views.certificate_pdf, name="certificate"),
    path("staf/beoordelen/", views.assessment_queue, name="queue"),
    path("staf/beoordelen/export.<str:fmt>", views.export, name="export"),
    path("staf/beoordelen/<int:pk>/", views.assessment_page, name="assessment"),
    path("staf/beoordelen/<int:pk>/oordeel/<int:criterion_pk>/", views.verdict_save, name="verdict"),
    path("staf/beoordelen/<int:pk>/samenvatting/<int:norm_pk>/", views.summary_save, name="summary"),
    path("staf/beoordelen/<int:pk>/toewijzen/", views.assign, name="assign"),
    path("staf/beoordelen/<int:pk>/versturen/", views.send_report, name="send"),
    path("rapportage/<int:pk>/", views.report_page, name="report"),
    path("rapportage/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
]
