"""PLACEHOLDER: being written by a helper; replace this whole file."""

from django.http import Http404


def gate(request, **kwargs):
    raise Http404

