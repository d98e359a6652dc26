from django.urls import include, path

from cophub.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]

# Django's own log in/out and password change/reset views, under their usual names
# (login, logout, password_change, password_reset, …) so their e-mails and redirects work.
auth_urlpatterns = [path("", include("django.contrib.auth.urls"))]
