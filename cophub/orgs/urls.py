from django.urls import path

from cophub.orgs import views

app_name = "orgs"

urlpatterns = [
    path("staff/", views.staff_list, name="staff"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:user_id>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:user_id>/invite/", views.staff_invite, name="staff_invite"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/import/confirm/", views.staff_import_confirm, name="staff_import_confirm"),
    path("staff/import/template.xlsx", views.staff_import_template, name="staff_import_template"),
    path("districts/", views.districts, name="districts"),
]
