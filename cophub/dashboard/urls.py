from django.urls import path

from cophub.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/years/<int:fiscal_year>/", views.year_page, name="year"),
    path("dashboard/programs/<int:program_id>/", views.program_page, name="program"),
    path("dashboard/provinces/<int:province_id>/", views.province_page, name="province"),
]
