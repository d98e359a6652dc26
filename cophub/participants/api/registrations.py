"""Registrations over the JSON API: the door's list (organisers, facilitators, admins) and
self-registration (the same service as the page)."""

from __future__ import annotations

import json
from datetime import datetime

import pydantic
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from cophub.core.errors import DomainError, Problem
from cophub.core.schemas import Error
from cophub.orgs.models import Organization
from cophub.participants import selectors
from cophub.participants.permissions import can_check_in
from cophub.participants.services.registration import registration_register_self
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.programs.models import Activity, Registration

router = Router()


class PersonOut(Schema):
    title: str
    first_name: str
    last_name: str
    position: str
    organization: str | None


class RegistrationOut(Schema):
    id: int
    person: PersonOut
    status: str
    checked_in_at: datetime | None
    checkin_code: str


class SelfRegistration(Schema):
    """Corrections to the registrant's staff record; leave out what is right."""

    position: str | None = Field(None, max_length=200)
    organization_id: int | None = Field(None, ge=1, le=2**63 - 1)

    @field_validator("position")
    @classmethod
    def printable(cls, value: str | None) -> str | None:
        if value is not None and any(ch < " " or ch == "\x7f" for ch in value):
            raise ValueError("must not contain control characters")
        return value


def _out(r: Registration) -> dict:
    p = r.person
    return {
        "id": r.pk,
        "person": {
            "title": p.prefix, "first_name": p.first_name, "last_name": p.last_name,
            "position": p.position,
            "organization": p.organization.name if p.organization_id else None,
        },
        "status": r.status,
        "checked_in_at": r.checked_in_at,
        "checkin_code": r.checkin_code,
    }  # fmt: skip


def _activity(activity_id: int) -> Activity:
    return get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)


@router.get(
    "/activities/{int:activity_id}/registrations",
    response={200: list[RegistrationOut], 401: Error, 403: Error, 404: Error},
    summary="An activity's registrations, for the door",
)
def registration_list(request, activity_id: int):
    activity = _activity(activity_id)
    if not can_check_in(request.user, activity):
        raise DomainError("permission_denied")
    registrations = list(selectors.api_registrations(activity))
    personal_data_read(
        viewer=request.user, kind=PersonalDataRead.Kind.ROSTER, instance=activity,
        people=[r.person_id for r in registrations],
    )  # fmt: skip
    return [_out(r) for r in registrations]


def _corrections(request) -> SelfRegistration:
    """The body is optional: none, ``{}`` or a body that is not JSON registers with the
    staff record as it is."""
    if request.content_type != "application/json" or not request.body.strip():
        return SelfRegistration()
    try:
        data = json.loads(request.body.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        raise DomainError("unreadable_request") from exc
    try:
        return SelfRegistration.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = [Problem(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        raise DomainError("invalid_request", problems=problems) from exc


@router.post(
    "/activities/{int:activity_id}/registrations",
    response={
        201: RegistrationOut,
        400: Error,
        401: Error,
        403: Error,
        404: Error,
        409: Error,
        422: Error,
    },
    summary="Register yourself (waiting list when full)",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": SelfRegistration.model_json_schema()}},
        }
    },
)
def registration_create(request, activity_id: int):
    activity = _activity(activity_id)
    payload = _corrections(request)
    organization = None
    if payload.organization_id is not None:
        organization = Organization.objects.filter(pk=payload.organization_id).first()
        if organization is None:
            raise DomainError("not_found")
    registration = registration_register_self(
        user=request.user, activity=activity,
        position=payload.position, organization=organization,
    )  # fmt: skip
    registration = Registration.objects.select_related("person__organization").get(
        pk=registration.pk
    )
    return Status(201, _out(registration))
