"""A survey's life: a draft until the organiser opens it, then open until its closing
time or until the organiser closes it now."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cophub.accounts.models import User
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError
from cophub.programs.permissions import require_edit_program
from cophub.surveys.models import Survey

_FIELDS = ("published_at", "opens_at", "closes_at")


def _locked(survey: Survey) -> Survey:
    fresh = Survey.objects.select_for_update().get(pk=survey.pk)
    for name in _FIELDS:
        setattr(survey, name, getattr(fresh, name))
    return survey


def _save(survey: Survey, before: dict) -> dict:
    """Write the fields that changed; return the changes for the audit row."""
    after = {name: getattr(survey, name) for name in _FIELDS}
    changes = {k: [str(before[k]), str(v)] for k, v in after.items() if before[k] != v}
    if changes:
        Survey.objects.filter(pk=survey.pk).update(**after)
    return changes


@transaction.atomic
def survey_publish(*, actor: User, survey: Survey) -> Survey:
    """Open the survey for answers ("เปิดรับคำตอบ"). A closing time already past is cleared:
    the organiser asks for it to be open. An opening time still to come is kept, and the
    survey opens then."""
    require_edit_program(actor, survey.activity.program)
    survey = _locked(survey)
    before = {name: getattr(survey, name) for name in _FIELDS}
    now = timezone.now()
    if survey.published_at is None:
        survey.published_at = now
    if survey.closes_at and survey.closes_at <= now:
        survey.closes_at = None
    if changes := _save(survey, before):
        audit_record(actor=actor, action="survey.published", instance=survey, changes=changes)
    return survey


@transaction.atomic
def survey_close(*, actor: User, survey: Survey) -> Survey:
    """Stop taking answers now ("ปิดรับคำตอบตอนนี้"); answers already given stay."""
    require_edit_program(actor, survey.activity.program)
    survey = _locked(survey)
    if survey.is_draft:
        raise DomainError("survey_is_draft")
    before = {name: getattr(survey, name) for name in _FIELDS}
    now = timezone.now()
    if survey.state(now) == "closed":
        return survey
    survey.closes_at = now
    if survey.opens_at and survey.opens_at >= now:
        survey.opens_at = None  # it never opened; a closing time must follow the opening
    if changes := _save(survey, before):
        audit_record(actor=actor, action="survey.closed", instance=survey, changes=changes)
    return survey
