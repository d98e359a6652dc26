"""Programs over the JSON API: list, read (as a program document), import."""

from __future__ import annotations

import json

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from cophub.core.errors import DomainError, Problem
from cophub.core.schemas import Error
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.programs import selectors, services
from cophub.programs.models import Program
from cophub.programs.permissions import can_edit_program, can_work_on_program

router = Router()


class ProgramSummary(Schema):
    id: int
    title: str
    organization: str | None
    fiscal_year: int
    activities: int
    url: str


class Site(Schema):
    name: str
    organization: str = ""
    location: str = ""
    district: str = ""
    province: str = ""


class TargetGroup(Schema):
    name: str = ""
    project: str = ""
    cohort: int | None = None


class Satisfaction(Schema):
    method: str = ""
    level: str = ""
    percent: int | float | None = None


class Person(Schema):
    prefix: str = ""
    first_name: str
    last_name: str = ""
    position: str = ""
    organization: str = ""
    email: str = ""
    phone: str = ""
    attended: bool = False


class Activity(Schema):
    number: int
    kind: str
    title: str
    start_date: str | None = None
    end_date: str | None = None
    sites: list[Site] = []
    target_group: TargetGroup | None = None
    participants: dict | None = None  # {"count": int | null, "from": str}
    satisfaction: Satisfaction | None = None
    registrations: list[Person] | None = None


class ProgramDocument(Schema):
    format: str = "cophub.program/1"
    title: str
    organization: str
    fiscal_year: int
    objectives: list[str] = []
    outcomes: list[str] = []
    activities: list[Activity] = []


class ActivityOut(Activity):
    id: int  # what /api/v1/activities/{id}/… takes (results, the survey)


class ProgramOut(ProgramDocument):
    id: int
    activities: list[ActivityOut] = []


class Created(Schema):
    id: int
    url: str


@router.get("", response=list[ProgramSummary], summary="List programs")
def program_list(request, fiscal_year: int | None = None):
    return [
        {
            "id": p.pk,
            "title": p.title,
            "organization": p.organization.name if p.organization else None,
            "fiscal_year": p.fiscal_year,
            "activities": p.n_activities,
            "url": reverse("programs:detail", args=[p.pk]),
        }
        for p in selectors.program_list(fiscal_year=fiscal_year)
    ]


@router.get(
    "/{int:program_id}",
    response={200: ProgramOut, 404: Error},
    summary="Read a program document (without registrants)",
    exclude_unset=True,  # optional parts absent from the document stay absent
)
def program_read(request, program_id: int):
    """The program, its activities and their ids; registrants come with POST …/export."""
    program = get_object_or_404(Program, pk=program_id)
    return {
        "id": program.pk,
        **selectors.program_document(program_id=program.pk, registrations=False, ids=True),
    }


@router.post(
    "/{int:program_id}/export",
    response={200: ProgramOut, 404: Error},
    summary="Export a program document (registrants for the program's team)",
    exclude_unset=True,
)
def program_export(request, program_id: int):
    """Registrants go to the program's team, their contacts to its editors, and the read
    is recorded. A POST, so another site's link cannot write that record (a session's
    POST must carry the CSRF token)."""
    program = get_object_or_404(Program, pk=program_id)
    registrations = can_work_on_program(request.user, program)
    contacts = registrations and can_edit_program(request.user, program)
    if registrations:
        personal_data_read(
            viewer=request.user, kind=PersonalDataRead.Kind.PROGRAM_EXPORT, instance=program,
            people=selectors.program_people(program_id=program.pk), exported=True,
            with_contacts=contacts,
        )  # fmt: skip
    document = selectors.program_document(
        program_id=program.pk, registrations=registrations, contacts=contacts, ids=True
    )
    return {"id": program.pk, **document}


@router.post(
    "/import",
    response={201: Created, 400: Error, 403: Error},
    summary="Import a program document",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ProgramDocument.model_json_schema()}},
        }
    },
)
def program_import(request):
    # Parsed here rather than by a schema so every problem gets its path and a
    # message in the caller's language, exactly as the command line reports it.
    try:
        document = json.loads(request.body.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:  # bad UTF-8, bad JSON, absurd nesting
        raise DomainError(
            "invalid_document", problems=[Problem("", _("The request body is not valid JSON."))]
        ) from exc
    program = services.program_import(actor=request.user, document=document)
    return Status(201, {"id": program.pk, "url": reverse("programs:detail", args=[program.pk])})
