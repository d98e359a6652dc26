from django.urls import path

from cophub.dashboard import views

app_name = "dashboard"

urlpatterns = [path("dashboard/", views.dashboard_page, name="dashboard")]
