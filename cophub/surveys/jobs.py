"""Survey work done by the workers: folding new answers into the running tallies."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import DomainError
from cophub.jobs.queue import PRIORITY_QUICK, background, periodic
from cophub.jobs.runner import JobRun, job_kind
from cophub.privacy.models import PersonalDataRead
from cophub.privacy.services import personal_data_read
from cophub.surveys import exports, tallies
from cophub.surveys.models import Response, Survey
from cophub.surveys.permissions import can_see_results

FOLD_EVERY = 2.0  # seconds; results read the answers not folded yet, so this bounds only work


def _has_new_answers() -> bool:
    return Response.objects.filter(tallied=False).exists()  # the partial index answers this


@periodic(every=FOLD_EVERY, when=_has_new_answers)
@background(priority=PRIORITY_QUICK)
def fold_pending_tallies() -> int:
    """Fold the answers of every survey that has new ones; return how many surveys."""
    survey_ids = sorted(
        set(Response.objects.filter(tallied=False).values_list("survey_id", flat=True)[:10000])
    )
    folded = 0
    for start in range(0, len(survey_ids), 100):
        folded += tallies.fold(survey_ids[start : start + 100])
    tallies.tidy_after_fold(folded)
    return len(survey_ids)


def _may_read_export(user, params: dict) -> bool:
    survey = Survey.objects.select_related("activity__program").filter(pk=params.get("survey_id"))
    survey = survey.first()
    return survey is not None and can_see_results(user, survey.activity)


@job_kind("surveys.export", title=_("Survey answers for a spreadsheet"), may_read=_may_read_export)
def export_job(run: JobRun, *, survey_id: int, format: str) -> None:
    """All the answers of a survey as CSV or XLSX (100,000 answers take seconds)."""
    survey = Survey.objects.select_related("activity__program").filter(pk=survey_id).first()
    if survey is None:
        raise DomainError("not_found")
    # Checked again when it runs: someone taken off the program's team meanwhile gets nothing.
    if run.job.owner is None or not can_see_results(run.job.owner, survey.activity):
        raise DomainError("permission_denied")
    write = exports.responses_csv if format == "csv" else exports.responses_xlsx
    body = write(survey, progress=run.progress)
    run.save_file(f"survey-{survey.activity_id}-responses.{format}", body)
    # Anonymous answers, but free text can name people: who took the file is recorded.
    personal_data_read(
        viewer=run.job.owner, kind=PersonalDataRead.Kind.SURVEY_EXPORT, instance=survey,
        exported=True,
    )  # fmt: skip
