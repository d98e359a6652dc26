from django.urls import path

from cophub.reports import views

app_name = "reports"

urlpatterns = [
    path("programs/<int:program_id>/report/", views.program_report, name="program"),
    path("programs/<int:program_id>/report/job", views.program_report_job, name="job"),
]
