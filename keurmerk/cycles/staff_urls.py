from django.urls import path

from . import staff_views as views

# Included by `keurmerk.core.staff_urls` under the `staff` namespace, next to the dashboard.
urlpatterns = [
    path("processen/nieuw/", views.cycle_create, name="cycle_create"),
    path("processen/<int:year>/", views.cycle_detail, name="cycle"),
    path("processen/<int:year>/deelnames.<str:fmt>", views.cycle_export, name="cycle_export"),
    path("processen/<int:year>/overeenkomst/", views.agreement_edit, name="agreement"),
    path("processen/<int:year>/aanbieden/", views.offer, name="offer"),
    path("deelnames/<int:pk>/", views.participation_detail, name="participation"),
    path("deelnames/<int:pk>/verlenging/", views.extension, name="extension"),
    path("deelnames/<int:pk>/overschrijven/", views.override, name="override"),
]
