from django.urls import path

from cophub.surveys import editor, flood_views, respond, views

app_name = "surveys"
# The editor's one-question actions (editor.py); a question is named by its code.
QUESTIONS = "activities/<int:activity_id>/survey/questions/"

urlpatterns = [
    path("s/<str:token>", respond.respond, name="respond"),
    path("s/<str:token>/thanks", respond.thanks, name="thanks"),
    path("s/<str:token>/done", respond.complete, name="complete"),
    path("s/<str:token>/new", respond.start_new, name="respond_new"),
    path("s/<str:token>/kiosk/<str:signature>", respond.kiosk, name="kiosk"),
    path("s/<str:token>/kiosk/<str:signature>/thanks", respond.kiosk_thanks, name="kiosk_thanks"),
    path("activities/<int:activity_id>/survey/", views.manage, name="manage"),
    path("activities/<int:activity_id>/survey/create/", views.create, name="create"),
    path("activities/<int:activity_id>/survey/publish", views.publish, name="publish"),
    path("activities/<int:activity_id>/survey/template", views.template_save, name="template_save"),
    path("activities/<int:activity_id>/survey/preview/", editor.preview, name="preview"),
    path(f"{QUESTIONS}new", editor.question_edit, name="question_new"),
    path(f"{QUESTIONS}<slug:question>/", editor.question_item, name="question"),
    path(f"{QUESTIONS}<slug:question>/edit", editor.question_edit, name="question_edit"),
    path(f"{QUESTIONS}<slug:question>/move", editor.question_move, name="question_move"),
    path(f"{QUESTIONS}<slug:question>/delete", editor.question_delete, name="question_delete"),
    path(
        "activities/<int:activity_id>/survey/results/projector/", views.projector, name="projector"
    ),
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
    path(
        "activities/<int:activity_id>/survey/responses/",
        flood_views.responses_by_minute,
        name="responses_by_minute",
    ),
]
