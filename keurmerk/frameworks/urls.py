from django.urls import path

from . import guide_views, views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("<int:year>/", views.framework_detail, name="detail"),
    path("<int:year>/pdf/", views.framework_pdf, name="pdf"),
    path("<int:year>/yaml/", views.framework_yaml, name="yaml"),
    path("<int:year>/norm/<str:number>/", views.norm_detail, name="norm"),
    path("<int:year>/wijzigingen/", views.change_overview_page, name="changes"),
    path("<int:year>/wijzigingen/pdf/", views.change_overview_pdf, name="changes_pdf"),
    path("<int:year>/norm/<str:number>/keurmerkwijzer/", guide_views.guide_edit, name="guide_edit"),
    path("<int:year>/norm/<str:number>/keurmerkwijzer/toevoegen/", guide_views.guide_add, name="guide_add"),
    path("keurmerkwijzer/<int:pk>/", guide_views.guide_item, name="guide_item"),
    path("keurmerkwijzer/<int:pk>/verwijderen/", guide_views.guide_item_delete, name="guide_item_delete"),
    path("keurmerkwijzer/<int:pk>/bestand/", guide_views.guide_file, name="guide_file"),
    path("keurmerkwijzer/criterium/<int:pk>/", guide_views.guidance_save, name="guidance_save"),
]
