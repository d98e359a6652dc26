"""The certificates pages: an activity's list (issue, decide, revoke), its design with a
preview, downloads, and the public verify page (no login, rate limited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cophub.certificates import pdf, selectors, services
from cophub.certificates.forms import DecisionForm, DesignForm, RevokeForm
from cophub.certificates.models import Certificate
from cophub.core import thai
from cophub.core.errors import DomainError
from cophub.core.ratelimit import allow, client_address
from cophub.orgs.models import Person
from cophub.programs.models import Activity

VERIFY_PER_MINUTE = 30  # per address: enough for a desk checking a pile, not for guessing


def _activity(request, activity_id: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    if not selectors.may_manage(request.user, activity):
        raise PermissionDenied
    return activity


@require_GET
def activity_certificates(request, activity_id: int):
    activity = _activity(request, activity_id)
    design = selectors.design_for(activity)
    people, _place = selectors.candidates(activity, design)
    return render(request, "certificates/activity.html", {
        "activity": activity, "design": design, "people": people,
        "due": sum(p.due and p.certificate is None for p in people),
        "issued": sum(p.certificate is not None and p.certificate.is_valid for p in people),
        "print_ready": default_storage.exists(services.merged_path(activity.pk)),
        "decision_form": DecisionForm(), "revoke_form": RevokeForm(),
    })  # fmt: skip


@require_POST
def issue(request, activity_id: int):
    activity = _activity(request, activity_id)
    job = services.certificates_issue_start(actor=request.user, activity=activity)
    return redirect("jobs:detail", job_id=job.pk)


@require_POST
def decide(request, activity_id: int):
    activity = _activity(request, activity_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        person = get_object_or_404(Person, pk=form.cleaned_data["person"])
        try:
            services.certificate_decide(
                actor=request.user, activity=activity, person=person,
                kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
            messages.success(request, _("Saved."))
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Give a reason."))
    return redirect("certificates:activity", activity_id=activity.pk)


@require_POST
def revoke(request, certificate_id: int):
    certificate = get_object_or_404(Certificate.objects.select_related("activity__program"),
                                    pk=certificate_id)  # fmt: skip
    activity = _activity(request, certificate.activity_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
    else:
        try:
            services.certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The certificate is revoked."))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("certificates:activity", activity_id=activity.pk)


def _initial(design) -> dict:
    initial = {"heading": design.heading, "issuer": design.issuer, "reason": design.reason,
               "requires_survey": design.requires_survey, "for_program": design.activity_id is None}  # fmt: skip
    if design.pk:
        for s in design.signatories.all():
            initial[f"sig{s.position}_name"] = s.name
            initial[f"sig{s.position}_title"] = s.title
    return initial


def design(request, activity_id: int):
    activity = _activity(request, activity_id)
    current = selectors.design_for(activity)
    form = DesignForm(request.POST or None, request.FILES or None, initial=_initial(current))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        signatories = [
            services.SignatoryIn(d[f"sig{n}_name"], d[f"sig{n}_title"], d[f"sig{n}_signature"])
            for n in (1, 2, 3)
            if d[f"sig{n}_name"].strip()
        ]
        try:
            services.design_update(
                actor=request.user, activity=activity, for_program=d["for_program"],
                heading=d["heading"], issuer=d["issuer"], reason=d["reason"],
                requires_survey=d["requires_survey"], logo=d["logo"], clear_logo=d["clear_logo"],
                signatories=signatories,
            )  # fmt: skip
            messages.success(request, _("Saved."))
            return redirect("certificates:design", activity_id=activity.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    status = 400 if request.method == "POST" else 200
    return render(request, "certificates/design.html",
                  {"activity": activity, "form": form, "design": current}, status=status)  # fmt: skip


SAMPLE = pdf.Page(name="นางสาวตัวอย่าง ชื่อสกุล", number=thai.thai_digits("000/2569"),
                  issued="", code="sample")  # fmt: skip


@require_GET
def preview(request, activity_id: int):
    """The design as a picture, with a sample name (no one's data)."""
    activity = _activity(request, activity_id)
    design = selectors.design_for(activity)
    _people, place = selectors.candidates(activity, design)
    from django.utils import timezone

    today = timezone.localdate()
    page = pdf.Page(name=SAMPLE.name, number=thai.thai_digits(f"000/{thai.fiscal_year(today)}"),
                    issued=thai.thai_date(today), code="sample")  # fmt: skip
    body = pdf.render_png(selectors.layout(activity, design, place), page)
    response = HttpResponse(body, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=pdf.PDF)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def download(request, certificate_id: int):
    """The certificate's current PDF: for the person it is about and those who issue."""
    c = get_object_or_404(Certificate.objects.select_related("activity__program", "person"),
                          pk=certificate_id)  # fmt: skip
    mine = c.person.user_id is not None and c.person.user_id == request.user.pk
    if not (mine or selectors.may_manage(request.user, c.activity)):
        raise Http404
    if not c.is_valid:
        raise Http404
    current = selectors.current_file(c)
    if current is None:
        raise Http404
    with current.file.open("rb") as fh:
        return _pdf(fh.read(), f"certificate-{c.serial:03d}-{c.fiscal_year}.pdf")


@require_GET
def print_all(request, activity_id: int):
    activity = _activity(request, activity_id)
    path = services.merged_path(activity.pk)
    if not default_storage.exists(path):
        raise Http404
    with default_storage.open(path, "rb") as fh:
        return _pdf(fh.read(), f"certificates-activity-{activity.pk}.pdf")


@login_not_required
@require_GET
def verify(request, certificate_code: str):
    """Public by design: whoever holds the code (the QR) reads the certificate's facts."""
    if not allow(f"certverify:{client_address(request)}", limit=VERIFY_PER_MINUTE, window=60):
        return render(request, "certificates/verify.html",
                      {"message": DomainError("rate_limited").message}, status=429)  # fmt: skip
    c = selectors.by_code(certificate_code)
    if c is None:
        return render(request, "certificates/verify.html", {"unknown": True}, status=404)
    response = render(request, "certificates/verify.html", {"facts": selectors.public_facts(c)})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
