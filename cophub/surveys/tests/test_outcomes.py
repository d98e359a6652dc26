"""The submission path's named outcomes, its bounded per-process memory, and the Thai
rating words shared by the survey form and the recorded summaries."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone
from prometheus_client import REGISTRY

from cophub.programs.models import SatisfactionLevel
from cophub.surveys import selectors
from cophub.surveys.answers import likert_options
from cophub.surveys.memory import Remembered
from cophub.surveys.models import Response, Survey
from cophub.surveys.services import Outcome, survey_submit
from cophub.surveys.services.submission import _submit_once, _update_existing
from cophub.testing import all_likert

pytestmark = pytest.mark.django_db


def counted(outcome: str) -> float:
    return REGISTRY.get_sample_value("cophub_survey_submissions_total", {"outcome": outcome})


def test_each_outcome_is_named_and_counted(survey):
    before = {k: counted(k) for k in ("stored", "replay", "refused")}
    device, client = uuid.uuid4(), uuid.uuid4()
    first, created = survey_submit(
        survey=survey, client_id=client, answers=all_likert(3), respondent=device
    )
    assert created
    again = _submit_once(survey, client, all_likert(3), device, None)
    assert (again.outcome, again.response.pk) == (Outcome.REPLAY, first.pk)
    changed = _submit_once(survey, uuid.uuid4(), all_likert(5), device, None)
    assert (changed.outcome, changed.response.pk) == (Outcome.UPDATED_DEVICE, first.pk)
    invalid = _submit_once(survey, uuid.uuid4(), all_likert(5) | {"q1": 9}, None, None)
    assert invalid.outcome is Outcome.INVALID
    assert [p.path for p in invalid.refusal.problems] == ["q1"]
    later = timezone.now() + dt.timedelta(days=400)
    survey.closes_at = timezone.now() + dt.timedelta(days=1)
    closed = _submit_once(survey, uuid.uuid4(), all_likert(5), None, later)
    assert (closed.outcome, closed.refusal.code) == (Outcome.CLOSED, "survey_closed")
    row = Response.objects.get()
    assert (row.pk, row.answers["q1"]) == (first.pk, 5)  # one row: the device's latest answers
    # survey_submit counted one stored; the direct tries above count nothing.
    assert counted("stored") == before["stored"] + 1
    assert (counted("replay"), counted("refused")) == (before["replay"], before["refused"])


def test_a_survey_changed_since_it_was_read_is_named_and_nothing_is_written(survey, organiser):
    from cophub.surveys.services import survey_questions_save

    stale = selectors.submission_survey(survey.token)
    questions = [{"code": q.code, "section": q.section, "kind": q.kind, "text": q.text + " (ใหม่)",
                  "required": q.required, "options": q.options, "profile": q.profile}
                 for q in survey.current_version.questions.all()]  # fmt: skip
    survey_questions_save(
        actor=organiser, survey=Survey.objects.get(pk=survey.pk), questions=questions
    )
    attempt = _submit_once(stale, uuid.uuid4(), all_likert(4), None, None)
    assert attempt.outcome is Outcome.SURVEY_CHANGED and not Response.objects.exists()
    # survey_submit reads the survey again and stores the answers against what it asks now.
    response, created = survey_submit(survey=stale, client_id=uuid.uuid4(), answers=all_likert(4))
    assert created and response.version.questions.get(code="q1").text.endswith("(ใหม่)")
    assert selectors.submission_survey(survey.token).questions_revision > stale.questions_revision


def test_a_conflicting_row_that_went_away_is_named(survey):
    version, _questions = selectors.current_questions(survey)
    attempt = _update_existing(survey, version, uuid.uuid4(), uuid.uuid4(), all_likert(4), {})
    assert attempt.outcome is Outcome.CONFLICT_GONE and attempt.response is None


def test_remembered_keeps_at_most_size_dropping_the_least_recently_used():
    memory: Remembered[str, int] = Remembered(size=3)
    for i, key in enumerate("abc"):
        memory.put(key, i)
    assert memory.get("a") == 0  # "a" is now the most recently used
    memory.put("d", 3)
    assert len(memory) == 3 and "b" not in memory
    assert [memory.get(k) for k in "acd"] == [0, 2, 3]
    memory.forget("c")
    assert memory.get("c") is None and len(memory) == 2
    with pytest.raises(ValueError, match="size"):
        Remembered(size=0)


def test_remembered_entries_expire_after_their_time_to_live():
    now = [100.0]
    memory: Remembered[str, str] = Remembered(size=10, seconds=5.0, clock=lambda: now[0])
    memory.put("t", "survey")
    now[0] = 104.9
    assert memory.get("t") == "survey"
    now[0] = 105.0
    assert memory.get("t") is None and "t" not in memory
    memory.put("t", "fresh")  # put again: five more seconds from now
    now[0] = 109.0
    assert memory.get("t") == "fresh"


def test_the_hot_path_memories_are_bounded(survey):
    """Thousands of surveys seen by one process never hold more than the bound."""
    surveys, questions = selectors._SUBMISSION_SURVEYS, selectors._QUESTIONS
    assert surveys.seconds == selectors.SUBMISSION_SURVEY_SECONDS == 5.0
    for i in range(surveys.size + 50):
        surveys.put(f"token-{i}", survey)
    for i in range(questions.size + 50):
        questions.put((f"token-{i}", i, 0), [])
    assert (len(surveys), len(questions)) == (surveys.size, questions.size)
    assert "token-0" not in surveys and f"token-{surveys.size + 49}" in surveys
    assert selectors.submission_survey(survey.token) == survey  # read again, remembered again
    assert len(surveys) == surveys.size and survey.token in surveys


def test_the_rating_words_are_the_five_thai_levels_on_the_form_and_in_summaries():
    words = ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"]
    assert likert_options() == [{"value": 6 - i, "label": w} for i, w in enumerate(words, 1)]
    assert SatisfactionLevel.choices == list(
        zip(["highest", "high", "medium", "low", "lowest"], words, strict=True)
    )
    assert (SatisfactionLevel.HIGHEST.label, SatisfactionLevel.LOWEST.label) == (words[0], words[4])
