"""PLACEHOLDER: being written by a helper; replace this whole file."""

from django.http import Http404


def checkin_page(request, **kwargs):
    raise Http404


def checkin_search(request, **kwargs):
    raise Http404


def checkin_poster(request, **kwargs):
    raise Http404


def activity_qr(request, **kwargs):
    raise Http404

