"""Surveys over the JSON API: the public respondent flow (kiosks, the offline client)
and the authenticated results."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from cophub.core.errors import DomainError
from cophub.core.schemas import Error
from cophub.programs.models import Activity
from cophub.surveys import api_submit, selectors
from cophub.surveys.models import Survey, SurveyTemplate
from cophub.surveys.permissions import can_manage_survey, can_see_results
from cophub.surveys.qr import respondent_url
from cophub.surveys.services import survey_create

router = Router()


class Option(Schema):
    value: int | str
    label: str


class QuestionOut(Schema):
    code: str
    kind: str
    required: bool
    text: str
    section: str
    options: list[Option] = []


class SurveyOut(Schema):
    token: str
    title: str
    intro: str
    program: str
    activity_number: int
    state: str
    opens_at: str | None
    closes_at: str | None
    # Only checked-in participants answer, with the ticket their device got at the
    # activity's gate: this API cannot submit to such a survey.
    attendees_only: bool
    version: int
    questions: list[QuestionOut]


class Submission(Schema):
    client_id: uuid.UUID
    answers: dict
    # When an offline phone made the answer (ISO 8601); kept if plausible, else ignored.
    made_at: datetime | None = None


class Accepted(Schema):
    id: int
    client_id: uuid.UUID
    version: int


def _survey(token: str) -> Survey:
    return get_object_or_404(Survey.objects.select_related("activity__program"), token=token)


@router.get(
    "/s/{token}",
    auth=None,
    response={200: SurveyOut, 404: Error, 409: Error},
    summary="A survey and its questions (409 survey_not_open for a draft: its questions "
    "are not public yet; a published survey before its opening time is read)",
)
def survey_read(request, token: str):
    survey = _survey(token)
    if survey.is_draft:
        raise DomainError("survey_not_open")
    version = survey.current_version
    return {
        "token": survey.token, "title": survey.title, "intro": survey.intro,
        "program": survey.activity.program.title, "activity_number": survey.activity.number,
        "state": survey.state(),
        "opens_at": survey.opens_at.isoformat() if survey.opens_at else None,
        "closes_at": survey.closes_at.isoformat() if survey.closes_at else None,
        "attendees_only": survey.attendees_only,
        "version": version.number,
        "questions": [
            {"code": q.code, "kind": q.kind, "required": q.required, "text": q.text, "section": q.section,
             "options": q.options}
            for q in version.questions.all()
        ],
    }  # fmt: skip


@router.post(
    "/s/{token}/responses",
    auth=None,
    response={
        200: Accepted,
        201: Accepted,
        400: Error,
        403: Error,
        404: Error,
        409: Error,
        415: Error,
        429: Error,
    },
    summary="Submit answers (201; 200 for a replay of the same client_id; 403 "
    "survey_ticket_required for an attendees-only survey, cross_site_request from another "
    "site's page; 415 for a body that is not application/json)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": Submission.model_json_schema()}},
        }
    },
)
def response_submit(request, token: str):
    # Documents the route; SubmissionMiddleware answers it before this view is reached
    # (settings.MIDDLEWARE), with the same ``submit``.
    status, payload = api_submit.submit(request, token)
    return Status(status, payload)


class SurveyCreate(Schema):
    open: bool = False  # open for answers now; else a draft
    from_template: int | None = None  # an organisation's SurveyTemplate id
    copy_from: int | None = None  # the id of an earlier activity whose survey to copy


class SurveyCreated(Schema):
    activity: int
    state: str
    draft: bool
    url: str  # what the QR code holds
    questions: int


@router.post(
    "/activities/{int:activity_id}/survey",
    response={201: SurveyCreated, 400: Error, 403: Error, 404: Error},
    summary="Create an activity's survey (organisers of the program; a draft unless open)",
)
def survey_create_endpoint(request, activity_id: int, body: SurveyCreate):
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    if not can_manage_survey(request.user, activity):
        raise DomainError("permission_denied")
    sources = {}
    if body.from_template is not None:
        sources["template"] = get_object_or_404(SurveyTemplate, pk=body.from_template)
    if body.copy_from is not None:
        sources["copy_from"] = get_object_or_404(
            Activity.objects.select_related("program"), pk=body.copy_from
        )
    survey = survey_create(actor=request.user, activity=activity, publish=body.open, **sources)
    return Status(
        201,
        {
            "activity": activity.pk, "state": survey.state(), "draft": survey.is_draft,
            "url": respondent_url(survey), "questions": survey.current_version.questions.count(),
        },
    )  # fmt: skip


@router.get("/activities/{int:activity_id}/results", summary="Survey results of an activity")
def results_read(request, activity_id: int):
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    if not can_see_results(request.user, activity):
        raise DomainError("permission_denied")
    survey = get_object_or_404(Survey, activity=activity)
    r = selectors.survey_results(survey=survey)
    return {
        "activity": activity.pk,
        "responses": r.responses,
        "participants": r.participants,
        "response_rate": r.response_rate,
        "response_rate_reason": r.rate_reason,
        "response_rate_basis": r.rate_basis,
        "answered_registrations": r.answered,
        "attendees_only": survey.attendees_only,
        "breakdown_withheld": r.withheld,
        "scoring": {"levels": r.levels, "percent": r.percent, "criteria": [{"range": a, "level": b} for a, b in r.criteria]},
        "overall": None if r.withheld else _rating(r.overall),
        "items": [
            {"code": i.code, "text": i.text, "section": i.section, "kind": i.kind,
             **({"rating": _rating(i.rating)} if i.rating else {}),
             **({"choices": [{"value": v, "label": lb, "n": n, "percent": p} for v, lb, n, p in i.choices]} if i.choices else {})}
            for i in r.items
        ],
        "top_words": [{"word": w, "count": c} for w, c in r.top_words],
    }  # fmt: skip


def _rating(r) -> dict:
    return {
        "n": r.n, "mean": r.mean, "sd": r.sd, "level": str(r.level.label) if r.level else None,
        "percent": r.percent, "distribution": {str(k): v for k, v in r.distribution.items()},
    }  # fmt: skip
