"""The organiser's view of a flood: responses by minute, and removing a range of minutes
(two steps: the count to be removed is shown first, then confirmed)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cophub.core.errors import DomainError
from cophub.core.thai import screen_digits
from cophub.core.views import form_error
from cophub.programs.models import Activity
from cophub.surveys import kiosk, selectors, services
from cophub.surveys.forms import ResponseRangeForm
from cophub.surveys.models import Survey
from cophub.surveys.permissions import can_manage_survey
from cophub.surveys.services.flood import removal_range


def responses_by_minute(request, activity_id: int):
    activity = get_object_or_404(Activity.objects.select_related("program"), pk=activity_id)
    if not can_manage_survey(request.user, activity):
        raise PermissionDenied
    survey = Survey.objects.filter(activity=activity).first()
    if survey is None:
        raise Http404
    survey.activity = activity
    context = {"activity": activity, "program": activity.program, "survey": survey}
    if survey.attendees_only:  # times are kept as the day: nothing to show by minute
        return render(request, "surveys/responses_by_minute.html", context)
    form = ResponseRangeForm(request.POST or None, initial=_picked(request))
    confirm = None
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        try:
            if "confirm" in request.POST:
                removed = services.responses_remove_range(
                    actor=request.user, survey=survey, start=start, end=end
                )
                messages.success(
                    request, _("%(n)s responses removed.") % {"n": screen_digits(removed)}
                )
                return redirect("surveys:responses_by_minute", activity.pk)
            first, after = removal_range(start, end)
            confirm = {
                "n": selectors.responses_in_range(survey=survey, first=first, after=after),
                "first": first, "last": end.replace(second=0, microsecond=0),
            }  # fmt: skip
        except DomainError as exc:
            form_error(form, exc)
    minutes = selectors.responses_by_minute(survey=survey)
    context |= {
        "form": form, "confirm": confirm, "minutes": minutes,
        "total": sum(m.n for m in minutes), "kiosk_url": kiosk.kiosk_url(survey),
    }  # fmt: skip
    status = 400 if form.errors else 200
    return render(request, "surveys/responses_by_minute.html", context, status=status)


def _picked(request) -> dict:
    """A minute's "choose" link fills both ends of the form with it (?minute=…)."""
    minute = request.GET.get("minute", "")
    return {"start": minute, "end": minute} if minute else {}
