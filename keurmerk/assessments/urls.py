from django.urls import path

from . import second_views, views

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
    path("staf/beoordelen/<int:pk>/afronden/", second_views.first_finish, name="first_finish"),
    path("staf/tweede-beoordeling/<int:year>/", second_views.cycle_page, name="second_cycle"),
    path("staf/tweede-beoordeling/<int:year>/toewijzen/", second_views.assign, name="second_assign"),
    path("staf/tweede-beoordeling/<int:year>/trekken/", second_views.draw, name="second_draw"),
    path("staf/tweede-beoordeling/<int:year>/overeenstemming/", second_views.agreement, name="agreement"),
    path("staf/tweede-beoordeling/zelfevaluatie/<int:pk>/", second_views.second_page, name="second"),
    path(
        "staf/tweede-beoordeling/zelfevaluatie/<int:pk>/opslaan/",
        second_views.second_save,
        name="second_save",
    ),
    path(
        "staf/tweede-beoordeling/zelfevaluatie/<int:pk>/afronden/",
        second_views.second_finish,
        name="second_finish",
    ),
    path(
        "staf/tweede-beoordeling/zelfevaluatie/<int:pk>/kalibratie/",
        second_views.calibration,
        name="calibration",
    ),
    path("rapportage/<int:pk>/", views.report_page, name="report"),
    path("rapportage/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
]
