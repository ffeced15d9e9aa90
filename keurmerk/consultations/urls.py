from django.urls import path, register_converter

from . import views


class TokenConverter:
    """A personal link token: 43 URL-safe characters (secrets.token_urlsafe(32)); nothing else
    reaches the invitee views, so staff paths such as `rondes/` can never be read as a token."""

    regex = "[A-Za-z0-9_-]{43}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "consultation_token")

app_name = "consultations"
urlpatterns = [
    path("rondes/", views.round_list, name="rounds"),
    path("rondes/nieuw/", views.round_create, name="round_create"),
    path("rondes/<int:pk>/", views.round_detail, name="round"),
    path("rondes/<int:pk>/wijzigen/", views.round_edit, name="round_edit"),
    path("rondes/<int:pk>/sluiten/", views.round_close, name="round_close"),
    path("rondes/<int:pk>/vaststellen/", views.round_adopt, name="round_adopt"),
    path("rondes/<int:pk>/genodigden/importeren/", views.invitee_import, name="invitee_import"),
    path("rondes/<int:pk>/genodigden/toevoegen/", views.invitee_add, name="invitee_add"),
    path("rondes/<int:pk>/genodigden.<str:fmt>", views.invitee_export, name="invitee_export"),
    path("rondes/<int:pk>/resultaten/", views.results, name="results"),
    path("rondes/<int:pk>/opmerkingen/<int:comment_pk>/afweging/", views.disposition, name="disposition"),
    path("rondes/<int:pk>/rapport/", views.report, name="report"),
    path("rondes/<int:pk>/rapport/pdf/", views.report_pdf, name="report_pdf"),
    path("rondes/<int:pk>/rapport/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("<consultation_token:token>/", views.response_page, name="response"),
    path("<consultation_token:token>/opslaan/", views.response_draft, name="response_draft"),
    path("<consultation_token:token>/versturen/", views.response_submit, name="response_submit"),
]
