"""The copy of a person's data as a job, and the retention pass the workers run."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cophub.core.errors import DomainError
from cophub.jobs.queue import background, periodic
from cophub.jobs.runner import JobRun, job_kind
from cophub.orgs.models import Person
from cophub.rights import exporting, retention
from cophub.rights.services import EXPORT_KIND, data_request_exported, require_for
from cophub.rights.subject import Subject

RETENTION_EVERY = 6 * 3600  # four passes a day: a period ends within hours, not days


@job_kind(EXPORT_KIND, title=_("A copy of personal data"))
def export_job(run: JobRun, *, person_id: int, request_id: int, format: str) -> None:
    person = Person.objects.select_related("user", "organization").filter(pk=person_id).first()
    owner = run.job.owner
    if person is None or owner is None:
        raise DomainError("not_found")
    require_for(owner, person)  # still the person, or still an admin, when it runs
    run.progress(0, 1)
    doc = exporting.document(Subject.of(person))
    content = exporting.as_xlsx(doc) if format == "xlsx" else exporting.as_json(doc)
    run.save_file(f"personal-data-{person.pk}.{format}", content)
    data_request_exported(
        job=run.job, request_id=request_id, rows=sum(len(s["rows"]) for s in doc["sections"])
    )
    run.progress(1, 1)


@periodic(every=RETENTION_EVERY)
@background()
def apply_retention() -> dict:
    """Purge what has outlived its period (idempotent: a second pass finds nothing)."""
    return retention.retention_apply().counts
