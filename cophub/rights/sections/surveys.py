"""Survey answers. They are anonymous by design (no link from an answer to a person), so
there is nothing to export. An erasure redacts the person's identifiers where a
respondent wrote them: any spelling of their name (first or last name alone too) in the
surveys of activities they registered for, their whole name, e-mail or phone in any
survey. The word counts those answers added move with them, and a word cell left at
zero that spelled their name goes, so every other figure stays exactly as it was."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import pgettext_lazy

from cophub.rights.registry import section
from cophub.rights.subject import Erasure, Subject
from cophub.surveys import tallies
from cophub.surveys.models import Question, Response, Tally


def _mentioning(qs, subject: Subject, *, parts: bool):
    forms = subject.json_forms(parts=parts)
    return qs.alias(_text=Cast("answers", TextField())).filter(
        reduce(or_, [Q(_text__icontains=f) for f in forms])
    )


def _redact(responses, subject: Subject, *, parts: bool, questions: dict) -> list[int]:
    """Redact these answers; the survey id of each answer changed."""
    surveys: list[int] = []
    for r in responses.select_for_update(of=("self",)).iterator(chunk_size=500):
        answers = subject.redact_value(r.answers, parts=parts)
        if answers == r.answers:
            continue
        qs = questions.get(r.version_id)
        if qs is None:
            qs = questions[r.version_id] = list(Question.objects.filter(version_id=r.version_id))
        cells = tallies.answer_cells(qs, answers)
        if r.tallied:
            tallies.apply(r.survey_id, tallies.difference(cells, tallies.from_json(r.cells)))
        Response.objects.filter(pk=r.pk).update(answers=answers, cells=tallies.to_json(cells))
        surveys.append(r.survey_id)
    return surveys


@section("surveys", title=pgettext_lazy("personal data", "Survey answers"), order=60)
class Surveys:
    @staticmethod
    def erase(erasure: Erasure) -> int:
        subject = erasure.subject
        questions: dict[int, list[Question]] = {}
        theirs = Response.objects.filter(survey__activity__registrations__person=subject.person)
        changed = _redact(
            _mentioning(theirs, subject, parts=True), subject, parts=True, questions=questions
        )
        changed += _redact(
            _mentioning(Response.objects.all(), subject, parts=False), subject, parts=False,
            questions=questions,
        )  # fmt: skip
        terms = subject.terms(parts=True)
        gone = Tally.objects.filter(survey_id__in=changed, code=tallies.WORD, count=0).filter(
            reduce(or_, [Q(value__icontains=t) for t in terms])
        )
        gone.delete()
        erasure.counts["survey_answers"] += len(changed)
        return len(changed)
