"""The organiser sees a flood (responses by minute) and removes a range of minutes, with
a confirm step, an audit row, and tallies (and so the response rate) that stay right."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest

from cophub.core.audit import AuditLog
from cophub.core.errors import DomainError
from cophub.surveys import tallies
from cophub.surveys.models import Response, Tally
from cophub.surveys.selectors import survey_results
from cophub.surveys.services import responses_remove_range, survey_submit
from cophub.testing import all_likert

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(hour, minute, second=0):
    return dt.datetime(2026, 3, 10, hour, minute, second, tzinfo=BANGKOK)


def submitted(survey, moment, n=1, value=4, comment="ได้ความรู้ดี"):
    """``n`` responses stamped ``moment`` (the clock cannot be set for the insert itself)."""
    ids = []
    for _ in range(n):
        response, _created = survey_submit(
            survey=survey, client_id=uuid.uuid4(), answers=all_likert(value, comment=comment)
        )
        ids.append(response.pk)
    Response.objects.filter(pk__in=ids).update(submitted_at=moment)


def tally_counts(survey) -> dict:
    cells, _waiting = tallies.read([survey.pk], words=True)
    return {
        (code, value): n
        for code, by in cells.get(survey.pk, {}).items()
        for value, n in by.items()
        if n
    }


@pytest.fixture
def flooded(survey):
    """Five honest answers around the activity, then a script's 50 in two minutes."""
    submitted(survey, at(9, 1), 3, value=5)
    submitted(survey, at(9, 20, 30), 2, value=4, comment="สถานที่ดีมาก")
    tallies.fold([survey.pk])  # some answers are in Tally already, the flood is not
    submitted(survey, at(23, 4, 10), 30, value=1, comment="แย่")
    submitted(survey, at(23, 5, 59), 20, value=1, comment="แย่")
    return survey


def page(survey):
    return f"/activities/{survey.activity_id}/survey/responses/"


def test_responses_by_minute_in_thai_times_and_be_years(organiser_client, flooded):
    html = organiser_client.get(page(flooded)).content.decode()
    assert "๑๐ มีนาคม ๒๕๖๙ ๐๙:๐๑" in html and "๑๐ มีนาคม ๒๕๖๙ ๒๓:๐๔" in html
    rows = html.split('data-testid="minutes"')[1].split("</table>")[0]
    assert rows.count("<tr>") == 5  # the heading and four minutes with answers
    assert "<td>๓๐</td>" in rows and "<td>๒๐</td>" in rows and "width: 100.0%" in rows
    assert "?minute=10/03/2569+23:04" in rows  # choosing a minute fills the form with it


def test_the_page_runs_a_fixed_number_of_queries(
    organiser_client, flooded, django_assert_num_queries
):
    # session, user, activity, survey, the minutes: however many answers or minutes.
    with django_assert_num_queries(5):
        assert organiser_client.get(page(flooded)).status_code == 200
    submitted(flooded, at(12, 0), 7)
    with django_assert_num_queries(5):
        organiser_client.get(page(flooded))


def test_remove_a_range_after_confirming_and_the_rate_drops(organiser_client, organiser, flooded):
    assert survey_results(survey=flooded).response_rate is None  # 55 answers, 40 people
    form = {"start": "10/03/2569 23:04", "end": "๑๐/๐๓/๒๕๖๙ ๒๓.๐๕ น."}
    preview = organiser_client.post(page(flooded), form)
    html = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="confirm"' in html
    assert "๕๐" in html.split('data-testid="confirm"')[1].split("</p>")[0]
    assert Response.objects.count() == 55  # nothing removed before the confirmation
    done = organiser_client.post(page(flooded), {**form, "confirm": "1"})
    assert done.status_code == 302
    assert Response.objects.count() == 5
    results = survey_results(survey=flooded)
    assert results.responses == 5 and results.response_rate == pytest.approx(12.5)
    assert results.overall.mean == pytest.approx(4.6)
    log = AuditLog.objects.get(action="survey.responses_removed")
    assert log.actor == organiser and log.object_id == str(flooded.pk)
    assert log.changes == {
        "count": 50,
        "from": "2026-03-10T23:04:00+07:00",
        "until": "2026-03-10T23:06:00+07:00",
    }


def test_tallies_equal_a_recount_after_removing_folded_and_unfolded_answers(organiser, flooded):
    # Fold the flood's first minute too: the range now holds folded and unfolded answers.
    Response.objects.filter(submitted_at=at(23, 5, 59)).update(tallied=False)
    tallies.fold([flooded.pk])
    submitted(flooded, at(23, 5, 0), 4, value=2, comment="ไม่ดี")  # not folded yet
    removed = responses_remove_range(
        actor=organiser, survey=flooded, start=at(23, 4), end=at(23, 5)
    )
    assert removed == 54
    counted = tally_counts(flooded)
    tallies.rebuild(flooded)
    assert counted == tally_counts(flooded)
    assert counted[("_n", "")] == 5 and ("_word", "แย่") not in counted
    assert not Tally.objects.filter(survey=flooded, count__lt=0).exists()


def test_both_ends_are_whole_minutes_and_nothing_else_goes(organiser, flooded):
    submitted(flooded, at(23, 3, 59), 1)
    submitted(flooded, at(23, 6, 0), 1)
    assert responses_remove_range(
        actor=organiser, survey=flooded, start=at(23, 4, 45), end=at(23, 5, 1)
    ) == 50  # fmt: skip
    left = sorted(Response.objects.values_list("submitted_at", flat=True))
    assert left[-2:] == [at(23, 3, 59), at(23, 6, 0)]


def test_a_reversed_range_is_a_form_error_and_removes_nothing(organiser_client, flooded):
    form = {"start": "10/03/2569 23:05", "end": "10/03/2569 23:04", "confirm": "1"}
    response = organiser_client.post(page(flooded), form)
    assert response.status_code == 400
    assert "เวลาสิ้นสุดอยู่ก่อนเวลาเริ่มต้น" in response.content.decode()
    assert (
        Response.objects.count() == 55
        and not AuditLog.objects.filter(action="survey.responses_removed").exists()
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("9999-12-31 23:59", "9999-12-31 23:59"),  # no minute after the last
        ("0001-01-01 00:00", "0001-01-01 00:00"),  # before year 1 in UTC
        ("01/01/2569 00:00", "9999-12-31 23:59"),
        ("31/12/2201 23:59", "31/12/2201 23:59"),  # the year 2201 read as C.E.
    ],
)
def test_a_range_past_the_years_a_survey_can_have_is_a_thai_form_error(
    organiser_client, flooded, start, end
):
    for confirm in ({}, {"confirm": "1"}):
        response = organiser_client.post(page(flooded), {"start": start, "end": end, **confirm})
        assert response.status_code == 400, (start, end, confirm)
        assert 'data-testid="confirm"' not in response.content.decode()
        # The date field's own bounds or the service's: either way one Thai message.
        messages = [m for errors in response.context["form"].errors.values() for m in errors]
        assert messages and all(re.search("[ก-๛]", m) for m in messages), messages
        assert all(m in response.content.decode() for m in messages)
    assert Response.objects.count() == 55


def test_the_service_refuses_a_range_past_its_years(organiser, flooded):
    far = dt.datetime(9999, 12, 31, 23, 59, tzinfo=BANGKOK)
    for start, end in ((at(9, 0), far), (dt.datetime(1, 1, 1, tzinfo=BANGKOK), at(9, 0))):
        with pytest.raises(DomainError) as info:
            responses_remove_range(actor=organiser, survey=flooded, start=start, end=end)
        assert info.value.code == "survey_range_out_of_bounds" and info.value.status == 400
        assert info.value.message == "เลือกเวลาระหว่างปี พ.ศ. ๒๔๔๓ ถึง ๒๗๔๓"
    assert Response.objects.count() == 55


def test_only_the_programs_organisers_see_or_remove(
    flooded, member, member_client, other_client, facilitator_client, stranger_client
):
    form = {"start": "10/03/2569 23:04", "end": "10/03/2569 23:05", "confirm": "1"}
    for client in (member_client, other_client, facilitator_client):
        assert client.get(page(flooded)).status_code == 403
        assert client.post(page(flooded), form).status_code == 403
    assert stranger_client.get(page(flooded)).status_code == 302  # to the log-in page
    with pytest.raises(DomainError) as refused:
        responses_remove_range(actor=member, survey=flooded, start=at(23, 4), end=at(23, 5))
    assert refused.value.code == "permission_denied"
    assert Response.objects.count() == 55


def test_attendees_only_answers_are_not_removed_by_time(organiser, organiser_client, survey):
    survey.attendees_only = True
    survey.save()
    html = organiser_client.get(page(survey)).content.decode()
    assert 'data-testid="attendees-only"' in html and 'data-testid="minutes"' not in html
    with pytest.raises(DomainError) as refused:
        responses_remove_range(actor=organiser, survey=survey, start=at(0, 0), end=at(23, 59))
    assert refused.value.code == "survey_removal_attendees_only"


def test_the_manage_page_links_here_and_this_page_gives_the_kiosk_link(organiser_client, survey):
    manage = organiser_client.get(f"/activities/{survey.activity_id}/survey/").content.decode()
    assert page(survey) in manage
    html = organiser_client.get(page(survey)).content.decode()
    assert f"/s/{survey.token}/kiosk/" in html
