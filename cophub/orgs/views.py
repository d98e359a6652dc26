"""Staff accounts, for system administrators: list, create or invite, edit, deactivate,
import from XLSX; and the districts of a province, for forms that ask for one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.accounts.models import User
from cophub.core import thai
from cophub.core.errors import DomainError
from cophub.core.views import form_error, raise_for
from cophub.orgs import areas, importing, selectors, services
from cophub.orgs.forms import (
    StaffCreateForm,
    StaffEditForm,
    StaffImportConfirmForm,
    StaffImportForm,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _admin_only(request) -> None:
    if not request.user.is_system_admin:
        raise PermissionDenied


def staff_list(request):
    _admin_only(request)
    query = request.GET.get("q", "")[:100]
    role = request.GET.get("role", "")
    people = selectors.staff_list(query=query, role=role)
    return render(
        request,
        "orgs/staff_list.html",
        {"people": people, "q": query, "role": role, "roles": User.Role.choices},
    )


def staff_create(request):
    _admin_only(request)
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.staff_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            if form.cleaned_data["invite"]:
                messages.success(request, _("Account created; the invitation is on its way."))
            else:
                messages.success(request, _("Account created."))
            return redirect("orgs:staff_edit", user.pk)
    return render(request, "orgs/staff_form.html", {"form": form, "creating": True})


def staff_edit(request, user_id: int):
    _admin_only(request)
    user = get_object_or_404(User, pk=user_id)
    person = getattr(user, "person", None)
    initial = {
        "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
        "role": user.role, "is_active": user.is_active,
        "prefix": person.prefix if person else "", "position": person.position if person else "",
        "organization": person.organization_id if person else None,
    }  # fmt: skip
    form = StaffEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(actor=request.user, user=user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("orgs:staff_edit", user.pk)
    return render(request, "orgs/staff_form.html", {"form": form, "staff": user})


@require_POST
def staff_invite(request, user_id: int):
    _admin_only(request)
    user = get_object_or_404(User, pk=user_id)
    try:
        services.staff_invite(actor=request.user, user=user)
    except DomainError as exc:
        raise_for(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
    return redirect("orgs:staff_edit", user.pk)


def staff_import_template(request):
    _admin_only(request)
    response = HttpResponse(importing.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="cophub-staff-accounts.xlsx"'
    return response


def _import_page(request, form, status=200, **context):
    return render(request, "orgs/staff_import.html", {"form": form, **context}, status=status)


def staff_import(request):
    """Upload a list: the preview shows each row's outcome or problems; nothing is saved
    until the admin confirms (``staff_import_confirm``)."""
    _admin_only(request)
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _import_page(request, form, status=400 if request.method == "POST" else 200)
    upload = form.cleaned_data["file"]
    try:
        preview = importing.build_preview(
            upload, size=upload.size, actor=request.user, file_name=upload.name[:200]
        )
    except DomainError as exc:
        form_error(form, exc, "file")
        return _import_page(request, form, status=exc.status)
    confirm = StaffImportConfirmForm(initial={
        "token": importing.confirmation_token(preview, actor=request.user),
        "invite": form.cleaned_data["invite"],
    })  # fmt: skip
    return _import_page(request, StaffImportForm(), preview=preview, confirm=confirm,
                        invite=form.cleaned_data["invite"])  # fmt: skip


@require_POST
def staff_import_confirm(request):
    _admin_only(request)
    confirm = StaffImportConfirmForm(request.POST)
    try:
        if not confirm.is_valid():
            raise DomainError("staff_import_expired")
        token, invite = confirm.cleaned_data["token"], confirm.cleaned_data["invite"]
        rows, file_name = importing.confirmed_rows(token, actor=request.user)
        done = services.staff_import(
            actor=request.user, rows=rows, file_name=file_name, invite=invite
        )
    except DomainError as exc:
        raise_for(exc)
        return _import_page(request, StaffImportForm(), status=exc.status, error=exc.message)
    messages.success(request, _("%(created)s accounts created and %(updated)s updated.") % {
        "created": thai.screen_digits(done["created"]),
        "updated": thai.screen_digits(done["updated"]),
    })  # fmt: skip
    return redirect("orgs:staff")


def districts(request):
    """The districts of ``?province=<id>`` in Thai order: reference data any signed-in
    person may read (the site form's district list is filled from it)."""
    try:
        province = selectors.province_by_pk(int(request.GET.get("province", "")))
    except ValueError:
        province = None
    return JsonResponse({"districts": areas.district_names(province)})
