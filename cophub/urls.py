from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from cophub.accounts.urls import auth_urlpatterns
from cophub.api import unknown_path as unknown_api_path
from cophub.api import urls as api_urls
from cophub.core.offline import service_worker

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="programs:list"), name="home"),
    # Health, readiness and metrics: no login; metrics check their own access.
    path("", include("cophub.ops.urls")),
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("cophub.accounts.urls")),
    # The language switch works on the log-in page too.
    # The field kit's service worker (core/offline.py): public, scoped by its header.
    path("offline-sw.js", service_worker, name="service_worker"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_urls()),
    re_path(r"^api/", unknown_api_path),
    path("", include("cophub.surveys.urls")),
    path("", include("cophub.participants.urls")),
    path("", include("cophub.knowledge.urls")),
    path("", include("cophub.search.urls")),
    path("", include("cophub.reports.urls")),
    path("", include("cophub.dashboard.urls")),
    path("", include("cophub.certificates.urls")),
    path("", include("cophub.followups.urls")),
    path("", include("cophub.kmplan.urls")),
    path("", include("cophub.jobs.urls")),
    path("", include("cophub.orgs.urls")),
    path("", include("cophub.privacy.urls")),
    path("", include("cophub.rights.urls")),
    path("", include("cophub.programs.urls")),
]
