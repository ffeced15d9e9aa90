from django.urls import path

from . import views

app_name = "credentials"
urlpatterns = [
    path(".well-known/did.json", views.did_json, name="did"),
    path("register/verify/<str:code>/credential.jwt", views.credential_jwt, name="credential"),
    path("register/verify-credential/", views.verify_credential, name="verify_credential"),
    path("register/statuslijst.jwt", views.status_list_jwt, name="status_list"),
    path("register/keurmerkdrager-<int:year>.svg", views.badge_svg, name="badge"),
    path("certificaat/<int:pk>/website/", views.website, name="website"),
]
