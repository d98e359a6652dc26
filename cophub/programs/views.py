"""Program and activity pages. Each view: check, call one service, respond."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.core.errors import DomainError
from cophub.core.thai import parse_fiscal_year
from cophub.core.views import form_error, raise_for
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.programs import hooks, selectors, services
from cophub.programs.forms import (
    ActivityForm,
    ProgramForm,
    ProgramImportForm,
    ProgramMemberForm,
    RegistrationForm,
    SiteFormSet,
    sites_from,
)
from cophub.programs.models import Activity, Program, ProgramMember
from cophub.programs.permissions import (
    can_create_program,
    can_edit_program,
    can_manage_team,
    can_work_on_program,
)


def _editable_program(request, program_id: int) -> Program:
    program = get_object_or_404(Program, pk=program_id)
    if not can_edit_program(request.user, program):
        raise PermissionDenied
    return program


def _editable_activity(request, activity_id: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    if not can_edit_program(request.user, activity.program):
        raise PermissionDenied
    return activity


def program_list(request):
    years = selectors.program_fiscal_years()
    fy = request.GET.get("fy", "")
    fy = parse_fiscal_year(fy)
    programs = list(selectors.program_list(fiscal_year=fy))
    return render(
        request,
        "programs/program_list.html",
        {
            "programs": programs,
            "years": years,
            "fy": fy,
            "can_create": can_create_program(request.user),
        },
    )


def program_detail(request, program_id: int, team_form: ProgramMemberForm | None = None):
    try:
        program = selectors.program_detail(program_id=program_id)
    except Program.DoesNotExist as exc:
        raise Http404 from exc
    hooks.attach_satisfaction(list(program.activities.all()))
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "participant_total": selectors.program_participant_total(program),
            "can_edit": can_edit_program(request.user, program),
            **_team_context(request, program, team_form),
        },
    )


def _team_context(request, program: Program, form: ProgramMemberForm | None = None) -> dict:
    """The team section: seen by those who run the program, changed by its owner."""
    if not can_work_on_program(request.user, program):
        return {}
    manage = can_manage_team(request.user, program)
    return {
        "show_team": True,
        "team": selectors.program_team(program=program),
        "can_manage_team": manage,
        "team_form": (form or ProgramMemberForm()) if manage else None,
    }


def _team_program(request, program_id: int) -> Program:
    program = get_object_or_404(Program, pk=program_id)
    if not can_manage_team(request.user, program):
        raise PermissionDenied
    return program


@require_POST
def program_team_add(request, program_id: int):
    program = _team_program(request, program_id)
    form = ProgramMemberForm(request.POST)
    if form.is_valid():
        try:
            member = services.program_member_add(
                actor=request.user, program=program, **form.cleaned_data
            )
        except DomainError as exc:
            form_error(form, exc, "username")
        else:
            messages.success(
                request,
                _("%(name)s joined the program team.")
                % {"name": member.user.get_full_name() or member.user.username},
            )
            return redirect(program.get_absolute_url() + "#team")
    # Re-show the program page with the form's errors, as a 400 (nothing was saved).
    page = program_detail(request, program_id, team_form=form)
    page.status_code = 400
    return page


@require_POST
def program_team_remove(request, program_id: int, member_id: int):
    program = _team_program(request, program_id)
    member = get_object_or_404(
        ProgramMember.objects.select_related("user", "program"), pk=member_id, program=program
    )
    services.program_member_remove(actor=request.user, member=member)
    messages.success(
        request,
        _("%(name)s left the program team.")
        % {"name": member.user.get_full_name() or member.user.username},
    )
    return redirect(program.get_absolute_url() + "#team")


def program_create(request):
    if not can_create_program(request.user):
        raise PermissionDenied
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Program created."))
            return redirect("programs:detail", program.pk)
    return render(request, "programs/program_form.html", {"form": form})


def program_edit(request, program_id: int):
    program = _editable_program(request, program_id)
    initial = {
        "title": program.title,
        "organization": program.organization,
        "fiscal_year": program.fiscal_year,
        "objectives": [o.text for o in program.objectives.all()],
        "outcomes": [o.text for o in program.outcomes.all()],
    }
    form = ProgramForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(actor=request.user, program=program, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Program saved."))
            return redirect("programs:detail", program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


def program_delete(request, program_id: int):
    program = _team_program(request, program_id)  # the owner and admins, not co-organisers
    if request.method == "POST":
        try:
            services.program_delete(actor=request.user, program=program)
        except DomainError as exc:
            raise_for(exc)
            messages.error(request, exc.message)
            return redirect("programs:detail", program.pk)
        messages.success(request, _("Program deleted."))
        return redirect("programs:list")
    return render(request, "confirm_delete.html", {"object": program, "cancel": program})


def program_import(request):
    if not can_create_program(request.user):
        raise PermissionDenied
    form = ProgramImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_import(
                actor=request.user, document=form.cleaned_data["file"]
            )
        except DomainError as exc:
            form_error(form, exc, "file")
        else:
            messages.success(request, _("Program imported."))
            return redirect("programs:detail", program.pk)
    return render(request, "programs/program_import.html", {"form": form})


@require_POST
def program_export(request, program_id: int):
    """The program document as a download, asked for with the program page's button.

    Registrants (names, positions, attendance) go only to the program's team, their
    contacts only to those who edit it. It is a POST (with its CSRF token) because handing
    out registrants is recorded as a read of personal data: a link on another site must
    not be able to write that record in the user's name."""
    program = get_object_or_404(Program, pk=program_id)
    registrations = can_work_on_program(request.user, program)
    contacts = registrations and can_edit_program(request.user, program)
    document = selectors.program_document(
        program_id=program.pk, registrations=registrations, contacts=contacts
    )
    if registrations:
        personal_data_read(
            viewer=request.user, kind=PersonalDataRead.Kind.PROGRAM_EXPORT, instance=program,
            people=selectors.program_people(program_id=program.pk), exported=True,
            with_contacts=contacts,
        )  # fmt: skip
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="program-{program_id}.json"'
    return response


def activity_detail(request, activity_id: int):
    try:
        activity = selectors.activity_detail(activity_id=activity_id)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc
    can_edit = can_edit_program(request.user, activity.program)
    hooks.attach_satisfaction([activity])
    return render(
        request,
        "programs/activity_detail.html",
        {
            "activity": activity,
            "program": activity.program,
            "by_organization": selectors.activity_participants_by_organization(activity=activity),
            "can_edit": can_edit,
            "activity_panels": hooks.ACTIVITY_PANELS,
            **hooks.activity_context(request.user, activity),
        },
    )


def _activity_form_page(request, program: Program, activity: Activity | None):
    next_number = selectors.next_activity_number(program) if activity is None else None
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        program=program,
        initial={"number": next_number} if next_number else None,
    )
    initial_sites = [
        {"name": s.name, "organization": s.host_name, "location": s.location,
         "district": s.district, "province": s.province}
        for s in (activity.sites.all() if activity else [])
    ]  # fmt: skip
    sites = SiteFormSet(request.POST or None, initial=initial_sites, prefix="sites")
    if request.method == "POST" and form.is_valid() and sites.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if activity is None:
                activity = services.activity_create(
                    actor=request.user, program=program, fields=fields, sites=sites_from(sites)
                )
            else:
                services.activity_update(
                    actor=request.user, activity=activity, fields=fields, sites=sites_from(sites)
                )
        except DomainError as exc:
            form_error(form, exc, "number" if exc.code == "duplicate_activity_number" else None)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("programs:activity", activity.pk)
    return render(
        request,
        "programs/activity_form.html",
        {"form": form, "sites": sites, "program": program, "activity": activity},
    )


def activity_create(request, program_id: int):
    return _activity_form_page(request, _editable_program(request, program_id), None)


def activity_edit(request, activity_id: int):
    activity = _editable_activity(request, activity_id)
    return _activity_form_page(request, activity.program, activity)


def activity_delete(request, activity_id: int):
    activity = _editable_activity(request, activity_id)
    if request.method == "POST":
        program_id = activity.program_id
        try:
            services.activity_delete(actor=request.user, activity=activity)
        except DomainError as exc:
            raise_for(exc)
            messages.error(request, exc.message)
            return redirect("programs:activity", activity.pk)
        messages.success(request, _("Activity deleted."))
        return redirect("programs:detail", program_id)
    return render(request, "confirm_delete.html", {"object": activity, "cancel": activity})


@require_POST
def registration_create(request, activity_id: int):
    """The organiser adds one person directly (no capacity, no mail). The participants
    app's pages (roster, nomination) are the way in from the activity page now; this
    stays for scripts and forms that post here."""
    activity = _editable_activity(request, activity_id)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        new_person = {
            k: d[k]
            for k in ("prefix", "first_name", "last_name", "position", "organization", "email")
        }
        registration = services.registration_create(
            actor=request.user,
            activity=activity,
            person=d["person"],
            new_person=None if d["person"] else new_person,
            attended=d["attended"],
        )
        person = registration.person
        messages.success(request, _("Registered %(name)s.") % {"name": person.full_name})
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
        for field in form:
            for error in field.errors:
                messages.error(request, f"{field.label}: {error}")
    return redirect("programs:activity", activity.pk)
