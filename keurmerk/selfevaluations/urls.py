from django.urls import path

from . import views

app_name = "selfevaluations"
urlpatterns = [
    path("deelname/<int:pk>/", views.participation_entry, name="participation"),
    path("deelname/<int:pk>/beginnen/", views.start, name="start"),
    path("deelname/<int:pk>/aanpassen/", views.revision_start, name="revision_start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/indienen/", views.submit_page, name="submit_page"),
    path("<int:pk>/indienen/versturen/", views.submit, name="submit"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/dialoog/", views.thread, name="thread"),
    path("<int:pk>/dialoog/bericht/", views.message_post, name="message_post"),
    path("antwoord/<int:pk>/", views.answer_save, name="answer_save"),
    path("antwoord/<int:pk>/bijlage/", views.attachment_upload, name="attachment_upload"),
    path("bijlage/<int:pk>/", views.attachment_download, name="attachment"),
    path("bijlage/<int:pk>/verwijderen/", views.attachment_delete, name="attachment_delete"),
    path("staf/", views.staff_list, name="staff_list"),
    path("staf/<int:pk>/", views.staff_detail, name="staff_detail"),
]
