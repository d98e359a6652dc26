"""Attendees-only surveys: only checked-in people answer, once each, and nothing stored
links a registration to its answer (docs/surveys.md, "Attendees-only surveys")."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cophub.core.errors import DomainError
from cophub.programs.models import Registration
from cophub.surveys import tickets
from cophub.surveys.models import RedeemedCompletion, Response, Survey, SurveyTicket
from cophub.surveys.selectors import survey_results
from cophub.surveys.services import survey_submit, survey_update
from cophub.surveys.tests.attendees import (
    activity_today,
    all_rows,
    answer,
    as_moment,
    attendees_survey,
    check_in,
    close_checkin,
    get_ticket,
    person_with_phone,
)
from cophub.testing import ActivityFactory, RegistrationFactory, all_likert, survey_for

pytestmark = pytest.mark.django_db

USER_ID, PERSON_ID, REGISTRATION_ID = 9_870_001, 9_870_002, 9_870_003


@pytest.fixture
def held(organiser):
    """Today's activity, its attendees-only survey, and two other attendees."""
    activity, policy = activity_today(organiser)
    survey = attendees_survey(activity, organiser)
    for _ in range(2):
        RegistrationFactory(activity=activity)  # attended
    return activity, policy, survey


def test_the_whole_path_check_in_ticket_answer_update_and_count(held):
    activity, policy, survey = held
    _user, registration, phone = person_with_phone(activity)
    assert check_in(phone, policy).status_code == 200
    ticket = get_ticket(phone, policy)
    cookie = phone.cookies[tickets.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == f"/s/{survey.token}"
    registration.refresh_from_db()
    assert registration.survey_ticket_issued and not registration.survey_answered

    assert answer(phone, survey, 2).status_code == 302
    assert answer(phone, survey, 5).status_code == 302  # the same ticket updates its answer
    row = Response.objects.get(survey=survey)
    assert row.answers["q1"] == 5 and row.respondent == tickets.respondent_for(ticket)
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    row_times = {timezone.localtime(row.submitted_at), timezone.localtime(row.updated_at)}
    assert row_times == {midnight}

    thanks = phone.get(f"/s/{survey.token}/thanks").content.decode()
    assert "บันทึกว่าทำแบบประเมินแล้ว" in thanks
    assert phone.post(f"/s/{survey.token}/done").status_code == 302
    registration.refresh_from_db()
    assert registration.survey_answered
    assert 'data-testid="counted"' in phone.get(f"/s/{survey.token}/thanks").content.decode()
    assert phone.post(f"/s/{survey.token}/done").status_code == 302  # again: nothing more
    assert RedeemedCompletion.objects.filter(survey=survey).count() == 1
    results = survey_results(survey=survey)
    assert (results.responses, results.answered, results.participants) == (1, 1, 3)
    assert results.response_rate == pytest.approx(100 / 3)


def test_no_table_links_the_registration_to_its_answer(held):
    """Search every column of every table, as a backup holds them, for the person, their
    registration, user, ticket and its hashes; and every stored time for one that dates
    the answer between the check-in and the end."""
    activity, policy, survey = held
    _user, _registration, phone = person_with_phone(
        activity, ids=(USER_ID, PERSON_ID, REGISTRATION_ID)
    )
    check_in(phone, policy)
    after_check_in = timezone.now()
    before = all_rows()
    ticket = get_ticket(phone, policy)
    answer(phone, survey, 3, comment="ได้ความรู้มาก")
    answer(phone, survey, 4, comment="ได้ความรู้มาก")
    phone.post(f"/s/{survey.token}/done")
    end = timezone.now()
    after = all_rows()
    assert Registration.objects.get(pk=REGISTRATION_ID).survey_answered

    ids = {USER_ID, PERSON_ID, REGISTRATION_ID}
    respondent = str(tickets.respondent_for(ticket))
    changed = {table: after[table] - before.get(table, set()) for table in after}
    assert changed["surveys_response"] and changed["surveys_surveyticket"]
    for table, rows in after.items():
        for row in rows:
            for column, value in row:
                text = str(value)
                assert ticket not in text, (table, column)  # the ticket itself: nowhere
                if table != "surveys_surveyticket":
                    assert tickets.valid_digest(ticket) not in text, (table, column)
                if table != "surveys_response":
                    assert respondent.replace("-", "") not in text.replace("-", ""), (table, column)
                if row in changed[table] and table != "programs_registration":
                    assert value not in ids and not any(str(i) in text for i in ids), (
                        table, column,
                    )  # fmt: skip
                moment = as_moment(value)
                if moment is not None:
                    assert not after_check_in <= moment <= end, (table, column, value)
    # The registration row changed only in its two flags.
    old = next(dict(r) for r in before["programs_registration"] if dict(r)["id"] == REGISTRATION_ID)
    new = next(dict(r) for r in after["programs_registration"] if dict(r)["id"] == REGISTRATION_ID)
    assert {k for k in new if new[k] != old[k]} == {"survey_ticket_issued", "survey_answered"}


def test_a_second_device_a_foreign_ticket_and_a_guess_are_refused_in_thai(held, organiser):
    activity, policy, survey = held
    user, _registration, phone = person_with_phone(activity)
    check_in(phone, policy)
    ticket = get_ticket(phone, policy)

    other_phone = Client()
    other_phone.force_login(user)
    page = other_phone.get(f"/s/{survey.token}")
    assert page.status_code == 403
    assert "สำหรับผู้เข้าร่วมที่เช็คอินแล้วเท่านั้น" in page.content.decode()
    assert answer(other_phone, survey).status_code == 403
    # The same person at the gate again, from the other phone: no second ticket.
    gate = other_phone.get(reverse("participants:gate", args=[policy.activity_code]))
    assert "เบราว์เซอร์ที่ท่านเปิดแบบประเมินครั้งแรก" in gate.content.decode()
    assert SurveyTicket.objects.filter(survey=survey).count() == 1

    second, _policy = activity_today(organiser)
    elsewhere = attendees_survey(second, organiser)
    foreign = Client()
    foreign.cookies[tickets.COOKIE] = ticket
    assert answer(foreign, elsewhere).status_code == 403
    foreign.cookies[tickets.COOKIE] = "A" * 43  # the right shape, never issued
    assert answer(foreign, survey).status_code == 403
    assert Response.objects.count() == 0


def test_an_attendee_coming_back_after_eight_days_still_answers(held):
    """A survey without a closing time: the ticket is never issued twice, so it is kept
    far longer than a device id's week, and each visit with it starts its age again."""
    activity, policy, survey = held
    assert survey.closes_at is None
    _user, _registration, phone = person_with_phone(activity)
    check_in(phone, policy)
    ticket = get_ticket(phone, policy)
    eight_days = dt.timedelta(days=8).total_seconds()
    assert phone.cookies[tickets.COOKIE]["max-age"] > eight_days  # from the gate
    page = phone.get(f"/s/{survey.token}")
    renewed = page.cookies[tickets.COOKIE]  # the visit gives it again, its age from now
    assert renewed.value == ticket and renewed["max-age"] > eight_days
    assert renewed["path"] == f"/s/{survey.token}" and renewed["httponly"]
    # Eight days on, the browser still holds it (max-age counted from the last visit):
    # a fresh client with only that cookie answers.
    back = Client()
    back.cookies[tickets.COOKIE] = renewed.value
    assert answer(back, survey).status_code == 302
    assert Response.objects.filter(survey=survey).count() == 1
    # A survey with a closing time keeps it until then, not longer.
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() + dt.timedelta(days=2))
    again = back.get(f"/s/{survey.token}").cookies[tickets.COOKIE]
    assert dt.timedelta(days=1) < dt.timedelta(seconds=again["max-age"]) <= dt.timedelta(days=2)
    # An invalid ticket is not given back.
    stranger = Client()
    stranger.cookies[tickets.COOKIE] = "A" * 43
    assert tickets.COOKIE not in stranger.get(f"/s/{survey.token}").cookies


def test_the_api_cannot_answer_an_attendees_only_survey(held):
    _activity, _policy, survey = held
    body = {"client_id": str(uuid.uuid4()), "answers": all_likert(4)}
    response = Client().post(
        f"/api/v1/s/{survey.token}/responses", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["code"] == "survey_ticket_required"
    assert Client().get(f"/api/v1/s/{survey.token}").json()["attendees_only"] is True
    with pytest.raises(DomainError) as refused:
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4))
    assert refused.value.code == "survey_ticket_required"


def test_only_attendees_get_a_ticket_and_only_once(held):
    activity, policy, survey = held
    _user, registration, phone = person_with_phone(activity)
    close_checkin(policy)
    # Registered but never checked in: no ticket.
    response = phone.post(
        reverse("participants:gate", args=[policy.activity_code]), {"action": "ticket"}
    )
    assert response.status_code == 403
    assert "เฉพาะผู้ที่เช็คอินเข้าร่วมกิจกรรมนี้แล้ว" in response.content.decode()
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.ATTENDED)
    get_ticket(phone, policy)
    with pytest.raises(DomainError) as twice:
        tickets.survey_ticket_issue(user=registration.person.user, survey=survey)
    assert twice.value.code == "survey_ticket_issued_elsewhere"
    assert SurveyTicket.objects.filter(survey=survey).count() == 1


def test_recording_answered_needs_an_answer_and_counts_one_registration(held):
    activity, policy, survey = held
    _user, _registration, phone = person_with_phone(activity)
    friend, friends_registration, friends_phone = person_with_phone(activity)
    check_in(phone, policy)
    check_in(friends_phone, policy)
    ticket = get_ticket(phone, policy)  # check-in closes: tickets are given from now on
    early = phone.post(f"/s/{survey.token}/done")
    assert early.status_code == 409 and "ส่งคำตอบก่อน" in early.content.decode()
    answer(phone, survey)
    # Someone else, attended with a ticket of their own, tries to count this answer too.
    get_ticket(friends_phone, policy)
    phone.post(f"/s/{survey.token}/done")
    with pytest.raises(DomainError) as used:
        tickets.survey_completion_redeem(user=friend, survey=survey, ticket=ticket)
    assert used.value.code == "survey_completion_used"
    friends_registration.refresh_from_db()
    assert not friends_registration.survey_answered
    # A visitor who is not logged in is sent to log in, and nothing is recorded.
    visitor = Client()
    visitor.cookies[tickets.COOKIE] = ticket
    response = visitor.post(f"/s/{survey.token}/done")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_organiser_sets_it_only_with_registration_and_before_answers(
    organiser, organiser_client, member_client
):
    activity, policy = activity_today(organiser)
    survey = survey_for(activity, organiser)
    url = reverse("surveys:manage", args=[activity.pk])
    form = {"title": survey.title, "intro": "", "save_settings": "1", "attendees_only": "on"}
    assert member_client.post(url, form).status_code == 403
    assert not Survey.objects.get(pk=survey.pk).attendees_only
    assert organiser_client.post(url, form).status_code == 302
    survey.refresh_from_db()
    assert survey.attendees_only
    page = organiser_client.get(url).content.decode()
    assert 'data-testid="attendees-only-note"' in page
    # The survey's QR code, poster and link are now the activity's gate.
    assert f"/a/{policy.activity_code}/" in page
    from cophub.surveys.qr import respondent_url

    assert respondent_url(survey).endswith(f"/a/{policy.activity_code}/")

    plain = survey_for(ActivityFactory(program=activity.program), organiser)
    page = organiser_client.get(reverse("surveys:manage", args=[plain.activity_id]))
    assert 'data-testid="attendees-need-registration"' in page.content.decode()
    organiser_client.post(reverse("surveys:manage", args=[plain.activity_id]), form)
    plain.refresh_from_db()
    assert not plain.attendees_only  # the field is disabled, and the service says why:
    with pytest.raises(DomainError) as refused:
        survey_update(
            actor=organiser, survey=plain, title="t", intro="", opens_at=None, closes_at=None,
            attendees_only=True,
        )  # fmt: skip
    assert refused.value.code == "survey_attendees_need_registration"

    RegistrationFactory(activity=plain.activity)
    survey_submit(survey=plain, client_id=uuid.uuid4(), answers=all_likert(4))
    with pytest.raises(DomainError) as locked:
        survey_update(
            actor=organiser, survey=plain, title="t", intro="", opens_at=None, closes_at=None,
            attendees_only=True,
        )  # fmt: skip
    assert locked.value.code == "survey_attendees_locked"


def report_text(program_id: int) -> str:
    from cophub.reports import document
    from cophub.reports.selectors import program_report

    return document.plain_text(document.build(program_report(program_id=program_id)))


def _answered_by(survey, n: int) -> None:
    """``n`` attendees of the survey's activity who answered and recorded it."""
    for _ in range(n):
        _user, registration, phone = person_with_phone(survey.activity)
        Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.ATTENDED)
        get_ticket(phone, survey.activity.registration_policy)
        answer(phone, survey)
        phone.post(f"/s/{survey.token}/done")


def test_fewer_than_five_answers_show_no_breakdown(held, organiser_client):
    activity, _policy, survey = held
    _answered_by(survey, 4)
    results_url = reverse("surveys:results", args=[activity.pk])
    page = organiser_client.get(results_url).content.decode()
    assert 'data-testid="withheld"' in page and "น้อยกว่า ๕ คน" in page
    assert "hx-trigger" not in page  # no live polling: each refresh could single one out
    # Nor its fragment and the projector, asked for by hand.
    live = organiser_client.get(reverse("surveys:results_live", args=[activity.pk]))
    assert live.status_code == 404
    projector = organiser_client.get(reverse("surveys:projector", args=[activity.pk]))
    assert projector.status_code == 302 and projector["Location"] == results_url
    body = organiser_client.get(f"/api/v1/activities/{activity.pk}/results").json()
    assert body["breakdown_withheld"] is True and body["items"] == [] and body["overall"] is None
    export = organiser_client.post(
        reverse("surveys:export_job", args=[activity.pk]), {"format": "csv"}
    )
    assert export.status_code == 409
    _answered_by(survey, 1)
    page = organiser_client.get(results_url).content.decode()
    assert 'data-testid="withheld"' not in page and "x̄" in page
    body = organiser_client.get(f"/api/v1/activities/{activity.pk}/results").json()
    assert body["breakdown_withheld"] is False and body["responses"] == 5
    # 5 answered of 2 + 5 attendees
    assert body["response_rate"] == pytest.approx(500 / 7)
    assert body["response_rate_basis"] == "answered_registrations"
    assert body["answered_registrations"] == 5


def test_the_rate_is_answered_over_attendees_and_never_over_100(held):
    activity, _policy, survey = held
    _answered_by(survey, 5)
    # Attendees the organiser later marks as no-shows stop counting, answered or not.
    Registration.objects.filter(activity=activity, survey_answered=False).update(
        status=Registration.Status.NO_SHOW
    )
    results = survey_results(survey=survey)
    assert (results.answered, results.participants, results.response_rate) == (5, 5, 100.0)
    Registration.objects.filter(activity=activity, survey_answered=True).exclude(
        pk=Registration.objects.filter(activity=activity, survey_answered=True).first().pk
    ).update(status=Registration.Status.NO_SHOW)
    results = survey_results(survey=survey)
    assert results.responses == 5 and results.response_rate == 100.0  # 1 of 1, not 500 %


def test_an_open_survey_with_more_answers_than_participants_prints_no_percentage(
    organiser, organiser_client
):
    activity = ActivityFactory(program__owner=organiser, participants_count=2)
    survey = survey_for(activity, organiser)
    for _ in range(3):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4))
    page = organiser_client.get(reverse("surveys:results", args=[activity.pk])).content.decode()
    assert "คำตอบมากกว่าจำนวนผู้เข้าร่วมที่ทราบ (แบบประเมินเปิดให้ทุกคน)" in page
    assert "150" not in page and "๑๕๐" not in page
    body = organiser_client.get(f"/api/v1/activities/{activity.pk}/results").json()
    assert body["response_rate"] is None
    assert body["response_rate_reason"] == "more_answers_than_participants"

    text = report_text(activity.program_id)
    assert "คำตอบมากกว่าจำนวนผู้เข้าร่วมที่ทราบ" in text and "ร้อยละ ๑๕๐" not in text


def test_the_report_states_the_attendees_rate(held):
    activity, _policy, survey = held
    _answered_by(survey, 5)
    text = report_text(activity.program_id)
    # ร้อยละ and its number are held together by a no-break space (reports, issue 13).
    assert "ผู้เข้าร่วมบันทึกว่าทำแบบประเมินแล้ว ๕ คน จาก ๗ คน คิดเป็นร้อยละ\u00a0๗๑.๔๓" in text


def test_no_log_line_dates_an_answer(held, caplog):
    activity, policy, survey = held
    user, _registration, phone = person_with_phone(activity)
    caplog.set_level("DEBUG")
    check_in(phone, policy)
    get_ticket(phone, policy)
    answer(phone, survey)
    phone.post(f"/s/{survey.token}", {"q1": "9"})  # a 400: Django would log it as a warning
    phone.post(f"/s/{survey.token}/done")
    lines = [r for r in caplog.records if r.name in ("cophub.request", "django.request")]
    assert lines == []
    # Ordinary surveys keep their access line, with no user and no address in it.
    plain = survey_for(ActivityFactory(program=activity.program), activity.program.owner)
    phone.get(f"/s/{plain.token}")
    (line,) = [r for r in caplog.records if r.name == "cophub.request"]
    text = line.getMessage() + json.dumps({k: str(v) for k, v in vars(line).items()})
    assert user.username not in text and "127.0.0.1" not in text and plain.token not in text


def test_the_ordinary_path_is_unchanged(survey):
    """One INSERT for a new answer on an ordinary survey, as before: no ticket look-up."""
    from cophub.testing import count_queries

    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4))  # warm the caches
    assert (
        count_queries(
            lambda: survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4))
        )
        == 1
    )
    row = Response.objects.order_by("-pk").first()
    assert row.submitted_at > timezone.now() - dt.timedelta(minutes=1)  # the exact time kept
