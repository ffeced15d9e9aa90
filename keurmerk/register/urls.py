from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("register/", views.register_list, name="list"),
    path("register.csv", views.register_csv, name="csv"),
    path("register.json", views.register_json, name="json"),
    path("register/verify/", views.verify, name="verify"),
    path("register/verify/<str:code>", views.verify, name="verify_code"),
    path("register/<str:agb>/", views.holder_detail, name="holder"),
]
