"""PLACEHOLDER: being written by a helper; replace this whole file."""

from django.http import Http404


def import_upload(request, **kwargs):
    raise Http404


def import_preview(request, **kwargs):
    raise Http404

