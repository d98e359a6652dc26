"""Check-in over the JSON API: what the door's phone sends for every scan.

``POST /api/v1/checkins`` with ``{"code", "nonce", "scanned_at"?, "activity"?}``. The answer
is always 200 with ``status`` ok / already / refused (a refusal is an answer, not an error);
the same nonce gets the same answer; the same nonce with another code is 409.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import field_validator

from cophub.core.errors import DomainError
from cophub.core.schemas import Error
from cophub.core.thai import person_name
from cophub.participants.offline import door_list
from cophub.participants.permissions import can_check_in
from cophub.participants.services.checkin import checkin_record
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.programs.models import Activity

router = Router()

# A scanned QR may hold anything (a shop's long URL); more than this is not a scan.
CODE_MAX = 512


class CheckInIn(Schema):
    code: str = Field(min_length=1, max_length=CODE_MAX, description="What the QR holds")
    nonce: uuid.UUID = Field(description="Made by the client, once per scan")
    scanned_at: datetime | None = Field(
        None, description="When an offline device made the scan (ISO 8601); default: now"
    )
    activity: int | None = Field(
        None, ge=1, le=2**63 - 1,
        description="The activity the door is for: a code of another one is refused",
    )  # fmt: skip

    @field_validator("code")
    @classmethod
    def printable(cls, value: str) -> str:
        if any(ch < " " or ch == "\x7f" for ch in value):
            raise ValueError("must not contain control characters")
        return value

    @field_validator("scanned_at")
    @classmethod
    def plausible(cls, value: datetime | None) -> datetime | None:
        # Far-off years overflow when converted to UTC; no device scanned then.
        if value is not None and not 2000 <= value.year <= 2999:
            raise ValueError("must be a time this millennium")
        return value


class PersonOut(Schema):
    title: str
    first_name: str
    last_name: str
    name: str  # the name as a Thai screen writes it: นายสมชาย ใจดี
    position: str
    organization: str | None


class RegistrationOut(Schema):
    id: int
    person: PersonOut
    status: str
    checked_in_at: datetime | None


class CheckInOut(Schema):
    status: str
    reason: str
    message: str
    registration: RegistrationOut | None
    late: bool


def registration_out(registration) -> dict | None:
    if registration is None:
        return None
    p = registration.person
    return {
        "id": registration.pk,
        "person": {
            "title": p.prefix, "first_name": p.first_name, "last_name": p.last_name,
            "name": person_name(p.prefix, p.first_name, p.last_name), "position": p.position,
            "organization": p.organization.name if p.organization_id else None,
        },
        "status": registration.status,
        "checked_in_at": registration.checked_in_at,
    }  # fmt: skip


def result_out(result) -> dict:
    return {
        "status": result.status,
        "reason": result.reason,
        "message": result.message,
        "registration": registration_out(result.registration),
        "late": result.late,
    }


@router.post(
    "/checkins",
    response={
        200: CheckInOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error
    },
    summary="Check in the registration of a scanned code (idempotent per nonce)",
)  # fmt: skip
def checkin_create(request, payload: CheckInIn):
    result = checkin_record(
        actor=request.auth,
        code=payload.code,
        nonce=payload.nonce,
        scanned_at=payload.scanned_at,
        activity_id=payload.activity,
    )
    # Built by result_out in the declared shape (schemathesis checks it against the schema),
    # so not validated again: on the door's hot path that costs a sixth of a scan's time.
    return JsonResponse(result_out(result), encoder=NinjaJSONEncoder)


class DoorPerson(Schema):
    code: str
    name: str
    first_name: str
    last_name: str
    organization: str
    status: str
    checked_in_at: datetime | None


class DoorList(Schema):
    activity: int
    title: str
    downloaded_at: datetime
    opens_at: datetime | None
    closes_at: datetime | None
    forget_at: datetime  # the phone deletes the list then (the activity is over)
    registrations: list[DoorPerson]


@router.get(
    "/activities/{int:activity_id}/checkin-list",
    response={200: DoorList, 401: Error, 403: Error, 404: Error},
    summary="The door's list for checking people in offline: this activity's codes and "
    "names only, for its organisers and facilitators; never cached (Cache-Control: no-store)",
)
def checkin_list(request, activity_id: int):
    activity = get_object_or_404(
        Activity.objects.select_related("program", "registration_policy"), pk=activity_id
    )
    if not can_check_in(request.auth, activity):
        raise DomainError("permission_denied")
    # Another site sending a signed-in browser here would record a read in their name
    # (core.views.asks_when_sent_from_another_site does the same for pages): the door's own
    # page fetches it same-origin, scripts with a token send no such header.
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise DomainError("permission_denied")
    data = door_list(activity=activity)
    # Taken onto the phone: an export of their names, one record per download.
    personal_data_read(
        viewer=request.auth, kind=PersonalDataRead.Kind.DOOR_LIST, instance=activity,
        people=data.pop("person_ids"), exported=True,
    )  # fmt: skip
    response = JsonResponse(data, encoder=NinjaJSONEncoder)
    # Names and codes: not for the browser's HTTP cache or any proxy; the page keeps its
    # copy in IndexedDB and deletes it at sign-out and when the activity is over.
    response["Cache-Control"] = "no-store"
    return response
