from django.urls import path

from cophub.privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("privacy/versions/<int:version>/", views.notice_version, name="notice_version"),
    path("privacy/manage/", views.notice_manage, name="notice_manage"),
    path("privacy/manage/<int:notice_id>/", views.notice_edit, name="notice_edit"),
    path("privacy/manage/<int:notice_id>/publish/", views.notice_publish, name="notice_publish"),
    path(
        "privacy/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("privacy/breaches/", views.breach_list, name="breaches"),
    path("privacy/breaches/new/", views.breach_create, name="breach_create"),
    path("privacy/breaches/<int:breach_id>/", views.breach_detail, name="breach_detail"),
    path("privacy/breaches/<int:breach_id>/edit/", views.breach_edit, name="breach_edit"),
]
