from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/agenda.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/aanmelden/", views.register, name="register"),
    path("<int:pk>/concept/<int:criterion_pk>/", views.draft_save, name="draft_save"),
    path("aanmelding/<int:pk>/afmelden/", views.cancel, name="cancel"),
    path("bestand/<int:pk>/", views.meeting_file, name="file"),
    path("staf/", views.staff_list, name="staff_list"),
    path("staf/plannen/", views.plan, name="plan"),
    path("staf/export.<str:fmt>", views.export, name="export"),
    path("staf/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staf/<int:pk>/wijzigen/", views.change, name="change"),
    path("staf/<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("staf/<int:pk>/presentielijst/", views.attendance_upload, name="attendance_upload"),
    path("staf/<int:pk>/verslag/", views.notes, name="notes"),
]
