"""Staff accounts, for system administrators: list, create or invite, edit, deactivate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.core.views import form_error, raise_for
from cophub.orgs import selectors, services
from cophub.orgs.forms import StaffCreateForm, StaffEditForm


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
