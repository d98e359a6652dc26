"""Migration 0005: word cells stored before "once per comment" are recounted, in the
responses and in the tallies, and nothing else changes."""

import importlib
import uuid
from collections import Counter

import pytest
from django.apps import apps

from cophub.surveys import tallies
from cophub.surveys.models import Response, Tally
from cophub.surveys.selectors import survey_results
from cophub.surveys.services import survey_submit
from cophub.testing import all_likert

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cophub.surveys.migrations.0005_comment_words_once")


def _as_before_the_fix(response: Response, times: int) -> None:
    """What the old comment_words stored: each word once per time it was written."""
    cells = tallies.from_json(response.cells)
    for key in [k for k in cells if k[0] == tallies.WORD]:
        cells[key] *= times
    Response.objects.filter(pk=response.pk).update(cells=tallies.to_json(cells))


def _tally(survey) -> Counter:
    return Counter(
        {
            (c, v): n
            for c, v, n in Tally.objects.filter(survey=survey).values_list("code", "value", "count")
            if n
        }
    )


def test_stored_word_counts_become_once_per_comment(survey):
    repeated, _ = survey_submit(
        survey=survey,
        client_id=uuid.uuid4(),
        answers=all_likert(5, comment="ประทับใจ ประทับใจ ประทับใจ"),
    )
    plain, _ = survey_submit(
        survey=survey, client_id=uuid.uuid4(), answers=all_likert(4, comment="วิทยากรประทับใจ")
    )
    for row in Response.objects.filter(pk__in=[repeated.pk, plain.pk]):
        _as_before_the_fix(row, 3)
    tallies.fold([survey.pk])  # the old counts reached Tally
    waiting, _ = survey_submit(
        survey=survey, client_id=uuid.uuid4(), answers=all_likert(3, comment="ประทับใจ ประทับใจ")
    )
    _as_before_the_fix(Response.objects.get(pk=waiting.pk), 2)  # not folded yet
    assert dict(survey_results(survey=survey).top_words)["ประทับใจ"] == 3 + 3 + 2
    before = {r.pk: (r.answers, r.updated_at, r.tallied) for r in Response.objects.all()}
    other_cells = {(c, v): n for (c, v), n in _tally(survey).items() if c != tallies.WORD}

    migration.recount_words(apps, None)

    assert dict(survey_results(survey=survey).top_words)["ประทับใจ"] == 3  # three comments
    after = {r.pk: (r.answers, r.updated_at, r.tallied) for r in Response.objects.all()}
    assert after == before  # the answers, their times and the fold flags stay
    assert {k: n for k, n in _tally(survey).items() if k[0] != tallies.WORD} == other_cells
    tallies.fold([survey.pk])
    recounted = _tally(survey)
    tallies.rebuild(survey)  # a recount from the answers themselves
    assert _tally(survey) == recounted
    migration.recount_words(apps, None)  # a second run changes nothing
    assert _tally(survey) == recounted
