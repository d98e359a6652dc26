"""After a big fold, PostgreSQL's answers table is vacuumed at once: the partial index of
untallied answers would otherwise keep an entry per folded row, which every results read
scans until autovacuum comes by (390 ms a read after a million)."""

import uuid

import pytest
from django.db import connection, transaction

from cophub.surveys import tallies
from cophub.surveys.jobs import fold_pending_tallies
from cophub.surveys.models import Response
from cophub.surveys.services import survey_submit
from cophub.testing import all_likert


@pytest.mark.django_db(transaction=True)
def test_a_big_fold_vacuums_on_postgresql_and_nowhere_else(survey, monkeypatch):
    for _ in range(6):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4))
    assert tallies.fold([survey.pk]) == 6 and tallies.fold([survey.pk]) == 0
    postgres = connection.vendor == "postgresql"
    assert tallies.tidy_after_fold(tallies.TIDY_AFTER - 1) is False  # a small fold: nothing
    assert tallies.tidy_after_fold(tallies.TIDY_AFTER) is postgres
    with transaction.atomic():  # VACUUM refuses a transaction: the fold's caller may hold one
        assert tallies.tidy_after_fold(tallies.TIDY_AFTER) is False

    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(5))
    monkeypatch.setattr(tallies, "TIDY_AFTER", 1)
    assert fold_pending_tallies.func() == 1  # the worker's job folds, then tidies
    assert not Response.objects.filter(tallied=False).exists()
