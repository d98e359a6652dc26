from django.urls import path

from cophub.followups import views

app_name = "followups"

urlpatterns = [
    path("activities/<int:activity_id>/followup/", views.results, name="results"),
    path("activities/<int:activity_id>/followup/setup/", views.setup, name="setup"),
    path("activities/<int:activity_id>/followup/close/", views.close, name="close"),
    path("activities/<int:activity_id>/followup/links/", views.printable, name="printable"),
    path("followup-answers/<int:answer_id>/draft/", views.draft, name="draft"),
    path("f/<str:token>/", views.answer, name="followup_answer"),
]
