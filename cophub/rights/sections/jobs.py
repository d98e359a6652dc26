"""Job results: the spreadsheets, PDFs and previews jobs made. A result about the person
(their own copies), about an activity they registered for (lists, badges, survey
exports), or whose file or stored result names them is deleted: a job's result can be
made again, and a PDF's text cannot be searched reliably, so it is not edited."""

from __future__ import annotations

import zipfile
from functools import reduce
from operator import or_

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import pgettext_lazy

from cophub.jobs.models import Job
from cophub.programs.models import Registration
from cophub.rights.registry import section
from cophub.rights.subject import Erasure, Subject
from cophub.surveys.models import Survey

MAX_SCAN = 50 * 1024 * 1024  # larger files are not read: they are matched by their params


def _text_of(fh) -> str:
    """A file's text: the members of a zip (XLSX, DOCX) decompressed, else the bytes."""
    head = fh.read(4)
    fh.seek(0)
    if head == b"PK\x03\x04":
        with zipfile.ZipFile(fh) as z:
            return "\n".join(
                z.read(i).decode("utf-8", "ignore") for i in z.infolist() if i.file_size < MAX_SCAN
            )
    return fh.read(MAX_SCAN).decode("utf-8", "ignore")


def file_mentions(field, subject: Subject) -> bool:
    try:
        if field.size > MAX_SCAN:
            return False
        with field.open("rb") as fh:
            return subject.mentions(_text_of(fh), parts=True)
    except (OSError, zipfile.BadZipFile):
        return False


def about_them(subject: Subject) -> Q:
    activities = list(
        Registration.objects.filter(person=subject.person).values_list("activity_id", flat=True)
    )
    surveys = list(Survey.objects.filter(activity_id__in=activities).values_list("pk", flat=True))
    text = subject.json_forms(parts=True)
    return (
        Q(kind="rights.export", params__person_id=subject.person.pk)
        | Q(params__activity_id__in=activities)
        | Q(params__survey_id__in=surveys)
        | reduce(or_, [Q(_result__icontains=t) | Q(_params__icontains=t) for t in text])
        | reduce(or_, [Q(subject__icontains=t) for t in subject.terms(parts=True)])
    )


@section("job_results", title=pgettext_lazy("personal data", "Files made for you"), order=80)
class JobResults:
    @staticmethod
    def erase(erasure: Erasure) -> int:
        subject = erasure.subject
        jobs = Job.objects.alias(
            _result=Cast("result", TextField()), _params=Cast("params", TextField())
        )
        matched = set(jobs.filter(about_them(subject)).values_list("pk", flat=True))
        for job in Job.objects.exclude(result_file="").exclude(pk__in=matched).iterator():
            if file_mentions(job.result_file, subject):
                matched.add(job.pk)
        for job in Job.objects.filter(pk__in=matched):
            if job.result_file:
                erasure.delete_file_on_commit(job.result_file.storage, job.result_file.name)
            job.result_file, job.result_name, job.result = "", "", {}
            job.params = subject.redact_value(job.params, parts=True)
            job.subject = subject.redact(job.subject, parts=True)
            job.save(update_fields=["result_file", "result_name", "result", "params", "subject"])
        erasure.counts["job_results"] += len(matched)
        return len(matched)
