"""Issuing an activity's certificates as a job: progress while the pages are drawn; the
result is the ZIP (one PDF per person and ``print-all.pdf``), and the merged PDF is also
kept per activity for the certificates page's print link."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cophub.certificates import services
from cophub.certificates.selectors import may_manage
from cophub.core.errors import DomainError
from cophub.jobs.runner import JobRun, job_kind
from cophub.programs.models import Activity


def _may_read(user, params: dict) -> bool:
    activity = Activity.objects.select_related("program").filter(pk=params.get("activity_id"))
    activity = activity.first()
    return activity is not None and may_manage(user, activity)


@job_kind(services.ISSUE_KIND, title=_("Certificates"), may_read=_may_read)
def issue(run: JobRun, *, activity_id: int) -> None:
    activity = Activity.objects.select_related("program").filter(pk=activity_id).first()
    if activity is None or run.job.owner is None:
        raise DomainError("not_found")
    issued = services.certificates_issue(
        actor=run.job.owner, activity=activity, progress=run.progress
    )
    services.save_merged(activity.pk, issued.merged)
    run.save_file(f"certificates-activity-{activity.pk}.zip", services.issued_zip(issued))
    run.set_result(
        new=issued.new, reissued=issued.reissued, unchanged=issued.unchanged, total=issued.total
    )
