from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("export.<str:fmt>", views.export, name="export"),
    path("indienen/<int:participation_pk>/", views.complaint_file, name="file"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("<int:pk>/in-behandeling/", views.take_in, name="take_in"),
    path("<int:pk>/vraag/", views.request_info, name="request_info"),
    path("<int:pk>/antwoord/", views.answer, name="answer"),
    path("<int:pk>/besluit/", views.decide, name="decide"),
    path("<int:pk>/bezwaar/", views.lodge_objection, name="objection"),
    path("<int:pk>/bezwaar/besluit/", views.decide_objection, name="objection_decide"),
    path("<int:pk>/bijlage/<int:attachment_pk>/", views.attachment, name="attachment"),
]
