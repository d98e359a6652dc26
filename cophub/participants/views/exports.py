"""An activity's participant list as XLSX, the printable sign-in sheet and name badges.

Who may download what: whoever may check people in at the door (the program's organiser,
system admins, facilitators) gets all three, since the door needs the sheet and the badges
and the API already lists the same names to them; e-mail and telephone go into the XLSX
only for those who run the program's registration (organiser, admins). Members get 403;
someone not logged in is sent to the login page by the middleware.

The files are built in the request, but for badges of a list longer than
``pdf.badges_in_request()`` (500): 1,000 badges take 4–10 s and 5,000 up to a minute, so a
longer list is drawn by a job whose page shows progress, then the PDF (docs/participants.md).
The XLSX and the sign-in sheet of 5,000 people take seconds and stay in the request.
The download link is a plain GET; starting that job from it is safe to repeat, since
``job_start`` hands back the job already waiting or running and the file goes only to
whoever started it.
"""

from __future__ import annotations

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cophub.core.views import asks_when_sent_from_another_site
from cophub.jobs.services import job_start
from cophub.participants import exports, pdf
from cophub.participants.permissions import can_check_in, can_manage_participants
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.programs.models import Activity

Kind = PersonalDataRead.Kind


def _activity(request, activity_id: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    if not can_check_in(request.user, activity):
        raise PermissionDenied
    return activity


def _file(body: bytes, content_type: str, names: tuple[str, str], *, inline: bool) -> HttpResponse:
    name, fallback = names
    response = HttpResponse(body, content_type=content_type)
    # RFC 6266: the Thai name in filename* (RFC 5987), an ASCII one for older clients.
    response["Content-Disposition"] = (
        f'{"inline" if inline else "attachment"}; filename="{fallback}"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )
    # Names, positions and check-in codes of real people: never in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@asks_when_sent_from_another_site
def export_xlsx(request, activity_id: int):
    activity = _activity(request, activity_id)
    plist = exports.participant_list(activity=activity)
    contacts = can_manage_participants(request.user, activity)
    body = exports.list_xlsx(plist, contacts=contacts)
    personal_data_read(
        viewer=request.user, kind=Kind.LIST_XLSX, instance=activity, people=plist.person_ids,
        exported=True, with_contacts=contacts,
    )  # fmt: skip
    return _file(body, exports.XLSX, exports.filename("list", activity, "xlsx"), inline=False)


@require_GET
@asks_when_sent_from_another_site
def signin_pdf(request, activity_id: int):
    activity = _activity(request, activity_id)
    plist = exports.participant_list(activity=activity)
    body = pdf.signin_pdf(plist)
    personal_data_read(
        viewer=request.user, kind=Kind.SIGNIN_PDF, instance=activity, people=plist.person_ids,
        exported=True,
    )  # fmt: skip
    # A browser shows the PDF itself, ready to print.
    return _file(body, pdf.PDF, exports.filename("signin", activity, "pdf"), inline=True)


@require_http_methods(["GET", "POST"])
@asks_when_sent_from_another_site
def badges_pdf(request, activity_id: int):
    """A short list's badges at once; a long one's from a job, started by a POST from the
    page this GET shows (a GET that started work could be set off by another site)."""
    activity = _activity(request, activity_id)
    plist = exports.participant_list(activity=activity)
    if len(plist.rows) > pdf.badges_in_request():
        if request.method != "POST":
            return render(
                request, "participants/badges_start.html",
                {"activity": activity, "count": len(plist.rows)},
            )  # fmt: skip
        job = job_start(
            actor=request.user, kind=pdf.BADGES_KIND, params={"activity_id": activity.pk},
            subject=activity.title, back_url=activity.get_absolute_url(),
        )  # fmt: skip
        return redirect("jobs:detail", job_id=job.pk)
    body = pdf.badges_pdf(plist)
    personal_data_read(
        viewer=request.user, kind=Kind.BADGES_PDF, instance=activity, people=plist.person_ids,
        exported=True,
    )  # fmt: skip
    return _file(body, pdf.PDF, exports.filename("badges", activity, "pdf"), inline=True)
