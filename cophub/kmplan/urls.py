from django.urls import path

from cophub.kmplan import views

app_name = "kmplan"

urlpatterns = [
    path("kmplan/", views.plan_list, name="list"),
    path("kmplan/new/", views.plan_create, name="create"),
    path("kmplan/<int:plan_id>/", views.plan_detail, name="detail"),
    path("kmplan/<int:plan_id>/edit/", views.plan_edit, name="edit"),
    path("kmplan/<int:plan_id>/report/", views.plan_report, name="report"),
    path("kmplan/<int:plan_id>/areas/new/", views.area_create, name="area_create"),
    path("kmplan/areas/<int:area_id>/edit/", views.area_edit, name="area_edit"),
    path(
        "kmplan/<int:plan_id>/activities/new/",
        views.planned_activity_create,
        name="activity_create",
    ),
    path(
        "kmplan/activities/<int:planned_id>/edit/",
        views.planned_activity_edit,
        name="activity_edit",
    ),
    path("kmplan/<int:plan_id>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("kmplan/indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path("kmplan/areas/<int:area_id>/delete/", views.area_delete, name="area_delete"),
    path(
        "kmplan/activities/<int:planned_id>/delete/",
        views.planned_activity_delete,
        name="activity_delete",
    ),
    path(
        "kmplan/indicators/<int:indicator_id>/delete/",
        views.indicator_delete,
        name="indicator_delete",
    ),
]
