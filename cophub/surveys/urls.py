from django.urls import path

from cophub.surveys import respond, views

app_name = "surveys"

urlpatterns = [
    path("s/<str:token>", respond.respond, name="respond"),
    path("s/<str:token>/thanks", respond.thanks, name="thanks"),
    path("s/<str:token>/done", respond.complete, name="complete"),
    path("activities/<int:activity_id>/survey/", views.manage, name="manage"),
    path("activities/<int:activity_id>/survey/create/", views.create, name="create"),
    path(
        "activities/<int:activity_id>/survey/qr.png", views.qr_image, {"kind": "png"}, name="qr_png"
    ),
    path(
        "activities/<int:activity_id>/survey/qr.svg", views.qr_image, {"kind": "svg"}, name="qr_svg"
    ),
    path("activities/<int:activity_id>/survey/poster.pdf", views.poster, name="poster"),
    path("activities/<int:activity_id>/survey/results/", views.results, name="results"),
    path(
        "activities/<int:activity_id>/survey/results/live/", views.results_live, name="results_live"
    ),
    path("activities/<int:activity_id>/survey/export", views.export_job, name="export_job"),
]
