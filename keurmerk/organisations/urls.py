from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("organisatie/<int:pk>/", views.organisation_detail, name="detail"),
    path("organisatie/<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("organisatie/<int:pk>/onderaannemers/", views.subcontract_add, name="subcontract_add"),
    path(
        "organisatie/<int:pk>/onderaannemers/<int:link_pk>/verwijderen/",
        views.subcontract_remove,
        name="subcontract_remove",
    ),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation"),
    path("staf/organisaties/import/", views.organisations_import, name="import"),
]
