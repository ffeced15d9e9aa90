from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("<int:year>/", views.framework_detail, name="detail"),
    path("<int:year>/pdf/", views.framework_pdf, name="pdf"),
    path("<int:year>/yaml/", views.framework_yaml, name="yaml"),
    path("<int:year>/norm/<str:number>/", views.norm_detail, name="norm"),
    path("<int:year>/wijzigingen/", views.change_overview_page, name="changes"),
    path("<int:year>/wijzigingen/pdf/", views.change_overview_pdf, name="changes_pdf"),
]
