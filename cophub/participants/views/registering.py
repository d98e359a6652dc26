"""PLACEHOLDER: being written by a helper; replace this whole file."""

from django.http import Http404


def register_self(request, **kwargs):
    raise Http404


def my_registrations(request, **kwargs):
    raise Http404


def registration_detail(request, **kwargs):
    raise Http404


def registration_qr(request, **kwargs):
    raise Http404


def registration_cancel(request, **kwargs):
    raise Http404


def nominate(request, **kwargs):
    raise Http404

