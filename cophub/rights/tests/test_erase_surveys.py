"""Erasure in survey answers: the words an answer counted move with its redaction, a word
cell that spelled the name goes, and every other figure stays."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest

from cophub.orgs.models import Person
from cophub.rights import services
from cophub.surveys import tallies
from cophub.surveys.models import Response, Tally
from cophub.surveys.selectors import survey_results
from cophub.surveys.services import survey_submit
from cophub.surveys.words import comment_words
from cophub.testing import ActivityFactory, RegistrationFactory, all_likert, survey_for

pytestmark = pytest.mark.django_db


def _words(survey) -> dict[str, int]:
    return dict(survey.tallies.filter(code=tallies.WORD).values_list("value", "count"))


def test_names_leave_the_answers_and_the_word_counts_but_no_figure_moves(organiser, sysadmin, run):
    person = Person.objects.create(first_name="วิไลวรรณ", last_name="ศรีสุข", email="p@example.go.th")
    theirs = ActivityFactory(program__owner=organiser)
    RegistrationFactory(activity=theirs, person=person)
    elsewhere = ActivityFactory(program__owner=organiser)
    mine, other = survey_for(theirs, organiser), survey_for(elsewhere, organiser)
    survey_submit(
        survey=mine, client_id=uuid.uuid4(), answers=all_likert(4, comment="ขอบคุณวิไลวรรณ")
    )
    survey_submit(survey=mine, client_id=uuid.uuid4(), answers=all_likert(2, comment="วิทยากรดี"))
    survey_submit(
        survey=other, client_id=uuid.uuid4(),
        answers=all_likert(5, comment="วิไลวรรณ ศรีสุข ตอบคำถามดี วิไลวรรณเก่ง"),
    )  # fmt: skip
    tallies.fold([mine.pk])  # one survey's words are in the tallies, the other's are not yet
    assert _words(mine)["วิไลวรรณ"] == 1
    before = {s.pk: survey_results(survey=s, words=0) for s in (mine, other)}

    run(lambda: services.person_erase(actor=sysadmin, person=person))

    comments = {
        r.survey_id: r.answers["comment"]
        for r in Response.objects.exclude(answers__comment="วิทยากรดี")
    }
    assert comments == {
        mine.pk: f"ขอบคุณผู้ถูกลบข้อมูล #{person.pk}",
        # Elsewhere only the whole name is looked for: the first name alone may be someone else's.
        other.pk: f"ผู้ถูกลบข้อมูล #{person.pk} ตอบคำถามดี วิไลวรรณเก่ง",
    }
    assert "วิไลวรรณ" not in _words(mine)
    assert not Tally.objects.filter(survey=mine, value__contains="วิไลวรรณ").exists()
    for s in (mine, other):
        after = survey_results(survey=s, words=0)
        assert (after.responses, after.overall, after.items) == (
            before[s.pk].responses, before[s.pk].overall, before[s.pk].items,
        )  # fmt: skip
    # The tallies still add up to the answers: a rebuild from them changes nothing.
    cells = sorted(mine.tallies.filter(count__gt=0).values_list("code", "value", "count"))
    tallies.rebuild(mine)
    assert sorted(mine.tallies.filter(count__gt=0).values_list("code", "value", "count")) == cells


def test_a_surname_that_is_a_word_leaves_others_answers_and_their_word_counts(
    organiser, sysadmin, run
):
    person = Person.objects.create(first_name="สมชาย", last_name="ใจดี")
    activity = ActivityFactory(program__owner=organiser)
    RegistrationFactory(activity=activity, person=person, attended=True)
    survey = survey_for(activity, organiser)
    said = ["วิทยากรใจดีมาก อธิบายชัดเจน", "อาจารย์ใจดีและเก่ง", "ขอบคุณสมชายมาก"]
    for comment in said:
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4, comment=comment))
    tallies.fold([survey.pk])
    words_before = _words(survey)
    assert words_before["ใจดี"] == 1

    run(lambda: services.person_erase(actor=sysadmin, person=person))

    assert sorted(Response.objects.values_list("answers__comment", flat=True)) == sorted(
        [*said[:2], f"ขอบคุณผู้ถูกลบข้อมูล #{person.pk}มาก"]
    )
    words_after = {w: n for w, n in _words(survey).items() if n}
    assert words_after["ใจดี"] == 1  # the others' word counted as before
    others = sum((comment_words(c) for c in said[:2]), Counter())
    assert {w: words_after[w] for w in others} == {w: words_before[w] for w in others}
