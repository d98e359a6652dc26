"""PLACEHOLDER: being written by a helper; replace this whole file."""

from django.http import Http404


def roster(request, **kwargs):
    raise Http404


def policy_edit(request, **kwargs):
    raise Http404


def status_change(request, **kwargs):
    raise Http404

