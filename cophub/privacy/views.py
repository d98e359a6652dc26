"""The privacy notice (public, every version), its editing for system administrators,
withdrawing a consent, and the breach register. Each view: check, call one service, respond.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.core.views import form_error, raise_for
from cophub.privacy import selectors, services
from cophub.privacy.forms import BreachForm, NoticeForm
from cophub.privacy.models import PrivacyNotice


def _admin_only(request) -> None:
    if not (request.user.is_authenticated and request.user.is_system_admin):
        raise PermissionDenied


def _notice_page(request, notice: PrivacyNotice | None, *, current: PrivacyNotice | None):
    return render(
        request,
        "privacy/notice.html",
        {
            "notice": notice,
            "current": current,
            "purposes": selectors.notice_purposes(notice) if notice else [],
            "versions": selectors.published_notices(),
        },
    )


# --- the public notice ---------------------------------------------------------------
@login_not_required
def notice(request):
    """The notice in force: anyone may read it, logged in or not (a survey's respondent)."""
    current = selectors.notice_current()
    return _notice_page(request, current, current=current)


@login_not_required
def notice_version(request, version: int):
    found = selectors.notice_version(version)
    if found is None:
        raise Http404
    return _notice_page(request, found, current=selectors.notice_current())


# --- editing it ----------------------------------------------------------------------
def notice_manage(request):
    """The versions and the draft; a POST opens the draft of the next version."""
    _admin_only(request)
    if request.method == "POST":
        draft = services.notice_draft_start(actor=request.user)
        return redirect("privacy:notice_edit", draft.pk)
    return render(
        request,
        "privacy/notice_manage.html",
        {
            "draft": selectors.notice_draft(),
            "versions": selectors.notice_versions_counted(),
            "current": selectors.notice_current(),
        },
    )


def notice_edit(request, notice_id: int):
    _admin_only(request)
    draft = get_object_or_404(PrivacyNotice, pk=notice_id)
    if draft.is_published:
        return redirect("privacy:notice_version", draft.version)
    form = NoticeForm(request.POST or None, instance=draft)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.notice_draft_update(
                    actor=request.user,
                    notice=draft,
                    **{k: form.cleaned_data[k] for k in NoticeForm.Meta.fields},
                )
            except DomainError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Draft saved. Publish it when it is ready."))
                return redirect("privacy:notice_edit", draft.pk)
    return render(
        request,
        "privacy/notice_edit.html",
        {"form": form, "draft": draft, "purposes": selectors.notice_purposes(draft)},
        status=status,
    )


@require_POST
def notice_publish(request, notice_id: int):
    _admin_only(request)
    draft = get_object_or_404(PrivacyNotice, pk=notice_id)
    try:
        published = services.notice_publish(actor=request.user, notice=draft)
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
        return redirect("privacy:notice_manage")
    messages.success(
        request, _("Version %(version)s is published.") % {"version": published.version}
    )
    return redirect("privacy:notice_version", published.version)


# --- consents ------------------------------------------------------------------------
@require_POST
def consent_withdraw(request, consent_id: int):
    try:
        consent = services.consent_withdraw(actor=request.user, consent_id=consent_id)
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Consent withdrawn: %(purpose)s.") % {"purpose": consent.get_purpose_display()},
        )
    return redirect("accounts:profile")


# --- the breach register -------------------------------------------------------------
def breach_list(request):
    _admin_only(request)
    return render(request, "privacy/breach_list.html", {"breaches": selectors.breach_list()})


def _breach_form_page(request, breach=None):
    form = BreachForm(request.POST or None, instance=breach)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = {k: form.cleaned_data[k] for k in BreachForm.Meta.fields}
            try:
                if breach is None:
                    saved = services.breach_record(actor=request.user, **values)
                else:
                    saved = services.breach_update(actor=request.user, breach=breach, **values)
            except DomainError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Breach register saved."))
                return redirect("privacy:breach_detail", saved.pk)
    return render(
        request, "privacy/breach_form.html", {"form": form, "breach": breach}, status=status
    )


def breach_create(request):
    _admin_only(request)
    return _breach_form_page(request)


def breach_detail(request, breach_id: int):
    _admin_only(request)
    breach = selectors.breach_detail(breach_id)
    if breach is None:
        raise Http404
    return render(request, "privacy/breach_detail.html", {"breach": breach})


def breach_edit(request, breach_id: int):
    _admin_only(request)
    breach = selectors.breach_detail(breach_id)
    if breach is None:
        raise Http404
    return _breach_form_page(request, breach)
