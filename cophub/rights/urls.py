from django.urls import path

from cophub.rights import views

app_name = "rights"

urlpatterns = [
    path("my-data/", views.mine, name="mine"),
    path("my-data/copy.xlsx", views.export_mine, {"fmt": "xlsx"}, name="export_xlsx"),
    path("my-data/copy.json", views.export_mine, {"fmt": "json"}, name="export_json"),
    path("my-data/erasure/", views.erase_mine, name="erase_mine"),
    path("data-requests/", views.requests, name="requests"),
    path("data-requests/<int:request_id>/", views.request_detail, name="request"),
    path("data-requests/<int:request_id>/erase/", views.request_erase, name="request_erase"),
    path("data-requests/<int:request_id>/refuse/", views.request_refuse, name="request_refuse"),
]
