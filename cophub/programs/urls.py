from django.urls import path

from cophub.programs import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.program_list, name="list"),
    path("programs/new/", views.program_create, name="create"),
    path("programs/import/", views.program_import, name="import"),
    path("programs/<int:program_id>/", views.program_detail, name="detail"),
    path("programs/<int:program_id>/edit/", views.program_edit, name="edit"),
    path("programs/<int:program_id>/delete/", views.program_delete, name="delete"),
    path("programs/<int:program_id>/export.json", views.program_export, name="export"),
    path("programs/<int:program_id>/team/", views.program_team_add, name="team_add"),
    path(
        "programs/<int:program_id>/team/<int:member_id>/remove/",
        views.program_team_remove,
        name="team_remove",
    ),
    path(
        "programs/<int:program_id>/activities/new/", views.activity_create, name="activity_create"
    ),
    path("activities/<int:activity_id>/", views.activity_detail, name="activity"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path(
        "activities/<int:activity_id>/registrations/",
        views.registration_create,
        name="registration_create",
    ),
]
