from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("aanmelden/ontvangen/", views.apply_received, name="apply_received"),
    path("organisatie/<int:pk>/", views.organisation_detail, name="detail"),
    path("organisatie/<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("organisatie/<int:pk>/wijzigen/", views.organisation_edit, name="edit"),
    path(
        "organisatie/<int:pk>/leden/<int:membership_pk>/verwijderen/",
        views.member_remove,
        name="member_remove",
    ),
    path("organisatie/<int:pk>/onderaannemers/", views.subcontract_add, name="subcontract_add"),
    path(
        "organisatie/<int:pk>/onderaannemers/<int:link_pk>/verwijderen/",
        views.subcontract_remove,
        name="subcontract_remove",
    ),
    path(
        "organisatie/<int:pk>/netwerken/<int:link_pk>/bevestigen/",
        views.subcontract_confirm,
        name="subcontract_confirm",
    ),
    path(
        "organisatie/<int:pk>/netwerken/<int:link_pk>/weigeren/",
        views.subcontract_decline,
        name="subcontract_decline",
    ),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation"),
    path("staf/organisaties/import/", views.organisations_import, name="import"),
]
