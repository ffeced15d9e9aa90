from django.urls import path

from . import views

app_name = "sampling"
urlpatterns = [
    path("staf/steekproef/", views.index, name="index"),
    path("staf/steekproef/<int:year>/", views.cycle_page, name="cycle"),
    path("staf/steekproef/<int:year>/trekken/", views.draw_form, name="draw"),
    path("staf/steekproef/<int:year>/trekken/bevestigen/", views.draw_confirm, name="draw_confirm"),
    path("staf/steekproef/gesprek/<int:pk>/", views.conversation_page, name="conversation"),
    path("staf/steekproef/gesprek/<int:pk>/opslaan/", views.conversation_save, name="conversation_save"),
    path("steekproef/deelname/<int:pk>/", views.holder_page, name="holder"),
]
