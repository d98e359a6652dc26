"""A page that writes to /dev/full, which the kernel answers with ENOSPC:
a real "disk full", for the tests of what the user then sees."""

from django.http import HttpResponse
from django.urls import include, path


def _write() -> None:
    with open("/dev/full", "wb") as f:
        f.write(b"x" * 8192)
        f.flush()


def page(request):
    _write()
    return HttpResponse("saved")


urlpatterns = [path("full/", page), path("", include("cophub.urls"))]
