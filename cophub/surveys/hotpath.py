"""Hand-written SQL for the submission hot path (figures in docs/benchmarks.md, "Surveys").

A new response is one statement: INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING id.
Its SELECT re-checks, inside the statement, that the survey is still open and still
asks the questions the answers were checked against, so the caller may check them
against a survey it remembered for a few seconds instead of reading it every time.
There is no SELECT first, no counter row to lock (tallies are folded in later, see
``tallies.fold``), and on PostgreSQL no BEGIN/COMMIT round trips, since one statement
is atomic by itself.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter

from django.db import connection
from django.utils import timezone

from cophub.surveys import dialect
from cophub.surveys.models import Response, Survey
from cophub.surveys.tallies import to_json

_COLUMNS = (
    "survey_id, version_id, client_id, respondent, answers, cells, tallied, submitted_at, "
    "updated_at, made_at"
)


def insert_response(
    *, survey: Survey, version_id: int, client_id: uuid.UUID, respondent: uuid.UUID | None,
    answers: dict, cells: Counter, stored_at=None, made_at=None,
) -> tuple[int, object] | None:  # fmt: skip
    """Insert the response; return (id, submitted_at). None when nothing was written:
    this client or device answered already, or the survey has changed or closed since
    ``survey`` was read (the caller tells which). ``stored_at``: the time to store when
    it must not be the moment of submission (attendees-only surveys keep the day only);
    the open check always uses the moment itself. ``made_at``: when an answer kept on an
    offline phone was made (already checked by the caller), else None."""
    sql = dialect.current()
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    stored = connection.ops.adapt_datetimefield_value(stored_at) if stored_at else stamp
    made = connection.ops.adapt_datetimefield_value(made_at) if made_at else None
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Response._meta.db_table} ({_COLUMNS}) "  # noqa: S608 - fixed names
            f"SELECT {sql.as_int}, {sql.as_int}, {sql.as_uuid}, {sql.as_uuid}, {sql.as_json}, "
            f"{sql.as_json}, {sql.false}, {sql.as_time}, {sql.as_time}, {sql.as_time} "
            f"FROM {Survey._meta.db_table} s WHERE s.id = %s AND s.current_version_id = %s "
            "AND s.questions_revision = %s AND (s.opens_at IS NULL OR s.opens_at <= %s) "
            "AND (s.closes_at IS NULL OR s.closes_at > %s) AND s.attendees_only = %s "
            "ON CONFLICT DO NOTHING RETURNING id",
            [
                survey.pk, version_id, sql.uuid_value(client_id),
                sql.uuid_value(respondent) if respondent else None,
                json.dumps(answers, ensure_ascii=False), json.dumps(to_json(cells), ensure_ascii=False),
                stored, stored, made,
                survey.pk, version_id, survey.questions_revision, stamp, stamp,
                survey.attendees_only,
            ],
        )  # fmt: skip
        row = cursor.fetchone()
    return (row[0], stored_at or now) if row else None


def survey_unchanged(survey: Survey) -> bool:
    """Is ``survey`` (as the caller read it) still current, and open?"""
    fresh = (
        Survey.objects.filter(pk=survey.pk)
        .values_list(
            "current_version_id", "questions_revision", "attendees_only", "opens_at", "closes_at"
        )
        .first()
    )
    if fresh is None:
        return False
    # Publishing is one way (models.Survey.published_at): a published survey stays so.
    survey_now = Survey(opens_at=fresh[3], closes_at=fresh[4], published_at=survey.published_at)
    same = (survey.current_version_id, survey.questions_revision, survey.attendees_only)
    return fresh[:3] == same and (
        (survey.opens_at, survey.closes_at) == fresh[3:] or survey_now.state() == "open"
    )
