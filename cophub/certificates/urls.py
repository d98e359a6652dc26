from django.urls import path

from cophub.certificates import views

app_name = "certificates"

urlpatterns = [
    path("verify/<str:certificate_code>", views.verify, name="verify"),
    path("activities/<int:activity_id>/certificates/", views.activity_certificates,
         name="activity"),
    path("activities/<int:activity_id>/certificates/issue", views.issue, name="issue"),
    path("activities/<int:activity_id>/certificates/decide", views.decide, name="decide"),
    path("activities/<int:activity_id>/certificates/design", views.design, name="design"),
    path("activities/<int:activity_id>/certificates/preview.png", views.preview, name="preview"),
    path("activities/<int:activity_id>/certificates/print.pdf", views.print_all, name="print"),
    path("certificates/<int:certificate_id>/revoke", views.revoke, name="revoke"),
    path("certificates/<int:certificate_id>/pdf", views.download, name="download"),
]  # fmt: skip
