"""Submitting answers: tallies, duplicates and replays, versions, every kind of bad input."""

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from cophub.core.errors import DomainError
from cophub.surveys.models import Response, Tally
from cophub.surveys.selectors import survey_results
from cophub.surveys.services import survey_questions_save, survey_submit
from cophub.testing import all_likert

pytestmark = pytest.mark.django_db


def api_post(survey, body, *, raw=False, **headers):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **headers)
    data = body if raw else json.dumps(body)
    return client.post(f"/api/v1/s/{survey.token}/responses", data, content_type="application/json")


def test_read_the_survey_without_logging_in(survey):
    body = Client().get(f"/api/v1/s/{survey.token}").json()
    assert body["state"] == "open" and body["version"] == 1
    kinds = {q["code"]: q["kind"] for q in body["questions"]}
    assert (
        kinds["q1"] == "likert"
        and kinds["org_type"] == "single_choice"
        and kinds["comment"] == "long_text"
    )
    q1 = next(q for q in body["questions"] if q["code"] == "q1")
    assert q1["required"] is True
    assert q1["options"][0] == {"value": 5, "label": "มากที่สุด"}
    assert Client().get("/api/v1/s/not-a-token").status_code == 404


def test_submit_counts_and_replay_is_idempotent(survey):
    client_id = str(uuid.uuid4())
    body = {"client_id": client_id, "answers": all_likert(4, comment="ได้ความรู้เรื่องการบริการประชาชน")}
    first = api_post(survey, body)
    assert first.status_code == 201
    again = api_post(survey, body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    results = survey_results(survey=survey)
    assert results.responses == 1
    assert results.items[2].rating.n == 1  # org_type, area, then q1
    assert Response.objects.count() == 1


def test_same_device_updates_instead_of_adding(survey):
    device = uuid.uuid4()
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(2), respondent=device)
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(5), respondent=device)
    results = survey_results(survey=survey)
    assert results.responses == 1
    assert results.overall.mean == 5.0
    assert not Tally.objects.filter(survey=survey, value="2").exclude(count=0).exists()


def test_tallies_match_the_raw_answers(survey):
    for i, value in enumerate([5, 5, 4, 3, 4, 5, 2, 1, 4, 4]):
        survey_submit(
            survey=survey,
            client_id=uuid.uuid4(),
            answers=all_likert(value, org_type="state_enterprise" if i % 2 else "department"),
        )
    results = survey_results(survey=survey)
    q1 = next(i for i in results.items if i.code == "q1")
    assert q1.rating.distribution == {5: 3, 4: 4, 3: 1, 2: 1, 1: 1}
    assert q1.rating.mean == pytest.approx(3.7)
    org = next(i for i in results.items if i.code == "org_type")
    assert [(v, n) for v, _label, n, _share in org.choices] == [
        ("department", 5),
        ("state_enterprise", 5),
        ("other", 0),
    ]
    assert results.response_rate == pytest.approx(25.0)  # 10 of 40 recorded participants


def test_comment_words_are_counted_without_stop_words(survey):
    for text in ["อยากให้จัดศึกษาดูงานอีก", "ศึกษาดูงานได้ความรู้ดีมากครับ", "วิทยากรบรรยายดี"]:
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(5, comment=text))
    words = dict(survey_results(survey=survey).top_words)
    assert words["ศึกษา"] == 2 and words["ดูงาน"] == 2
    assert "ครับ" not in words and "ให้" not in words


def test_questions_freeze_after_the_first_response(survey, organiser):
    version = survey.current_version
    questions = [{"code": q.code, "section": q.section, "kind": q.kind, "text": q.text, "required": q.required,
                  "options": q.options, "profile": q.profile} for q in version.questions.all()]  # fmt: skip
    questions[2]["text"] = "สถานที่เหมาะสม (ถ้อยคำก่อนเปิด)"
    assert survey_questions_save(actor=organiser, survey=survey, questions=questions).number == 1
    first, _ = survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4))
    questions[2]["text"] = "สถานที่จัดกิจกรรมสะดวกและเหมาะสม"
    questions.append({"code": "q10", "kind": "likert", "text": "อยากเข้าร่วมอีก", "section": "ภาพรวม"})
    v2 = survey_questions_save(actor=organiser, survey=survey, questions=questions)
    assert v2.number == 2
    second, _ = survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(5, q10=5))
    first.refresh_from_db()
    assert (first.version.number, second.version.number) == (1, 2)
    assert first.version.questions.get(code="q1").text == "สถานที่เหมาะสม (ถ้อยคำก่อนเปิด)"
    results = survey_results(survey=survey)
    q1 = next(i for i in results.items if i.code == "q1")
    assert q1.text == "สถานที่จัดกิจกรรมสะดวกและเหมาะสม" and q1.rating.n == 2  # one code, both versions
    with pytest.raises(DomainError) as info:  # the old version's required q10 does not apply to v1…
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(5))
    assert [p.path for p in info.value.problems] == ["q10"]  # …but new answers face v2


def test_member_cannot_edit_questions(survey, member):
    with pytest.raises(DomainError) as info:
        survey_questions_save(
            actor=member, survey=survey, questions=[{"code": "x", "kind": "long_text", "text": "x"}]
        )
    assert info.value.code == "permission_denied"


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        (all_likert(5) | {"q3": None}, "q3", "please answer this question"),
        (
            {k: v for k, v in all_likert(5).items() if k != "q9"},
            "q9",
            "please answer this question",
        ),
        (all_likert(5) | {"q1": 6}, "q1", "choose a rating from 1 to 5"),
        (all_likert(5) | {"q1": 0}, "q1", "choose a rating from 1 to 5"),
        (all_likert(5) | {"q1": True}, "q1", "choose a rating from 1 to 5"),
        (all_likert(5) | {"q1": 4.5}, "q1", "choose a rating from 1 to 5"),
        (all_likert(5) | {"q1": [5]}, "q1", "choose a rating from 1 to 5"),
        (all_likert(5) | {"q1": "ห้า"}, "q1", "choose a rating from 1 to 5"),
        (all_likert(5) | {"q99": 5}, "q99", "is not a question of this survey"),
        (all_likert(5) | {"org_type": "ministry"}, "org_type", "choose one of the options"),
        (all_likert(5) | {"org_type": ["department"]}, "org_type", "choose one of the options"),
        (all_likert(5) | {"comment": 12}, "comment", "must be text"),
        (
            all_likert(5) | {"comment": "ก" * 2001},
            "comment",
            "is too long (at most 2000 characters)",
        ),
    ],
)
def test_bad_answers_get_a_message_per_field(survey, answers, field, message):
    response = api_post(survey, {"client_id": str(uuid.uuid4()), "answers": answers})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"path": field, "message": message}]
    assert not Response.objects.exists() and not Tally.objects.exists()


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ('{"client_id": ', ""),  # malformed JSON
        ("[1, 2]", ""),
        ('{"client_id": "nope", "answers": {}}', "client_id"),
        ('{"answers": {}}', "client_id"),
        ('{"client_id": "0b0e1a8e-2d4c-4b8a-9a38-111111111111", "answers": [1]}', "answers"),
        ("[" * 50_000, ""),
    ],
)
def test_malformed_requests_are_400(survey, body, path):
    response = api_post(survey, body, raw=True)
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == path


def test_thai_digit_ratings_are_accepted(survey):
    response = api_post(survey, {"client_id": str(uuid.uuid4()), "answers": all_likert("๕")})
    assert response.status_code == 201


def test_closed_and_not_yet_open_surveys_are_409_in_thai(survey):
    survey.closes_at = timezone.now() - dt.timedelta(minutes=1)
    survey.opens_at = survey.closes_at - dt.timedelta(days=1)
    survey.save()
    response = Client().post(
        f"/api/v1/s/{survey.token}/responses", json.dumps({"client_id": str(uuid.uuid4()), "answers": all_likert()}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 409
    assert (
        response.json() == {"code": "survey_closed", "detail": "แบบประเมินนี้ปิดรับคำตอบแล้ว ขอบคุณที่สนใจ"}
        or response.json()["code"] == "survey_closed"
    )
    survey.opens_at, survey.closes_at = timezone.now() + dt.timedelta(days=1), None
    survey.save()
    response = api_post(survey, {"client_id": str(uuid.uuid4()), "answers": all_likert()})
    assert response.status_code == 409 and response.json()["code"] == "survey_not_open"
    assert not Response.objects.exists()


def test_rate_limit_per_device_not_per_address(survey):
    device = str(uuid.uuid4())
    statuses = [
        api_post(survey, {"client_id": device, "answers": all_likert()}).status_code
        for _ in range(12)
    ]
    assert statuses[0] == 201 and statuses[-1] == 429
    # A hall of people behind one address: every phone gets through.
    hall = [
        api_post(survey, {"client_id": str(uuid.uuid4()), "answers": all_likert()}).status_code
        for _ in range(60)
    ]
    assert hall == [201] * 60
    assert survey_results(survey=survey).responses == 61


def test_no_ip_address_is_stored(survey):
    api_post(
        survey, {"client_id": str(uuid.uuid4()), "answers": all_likert()}, REMOTE_ADDR="10.1.2.3"
    )
    row = Response.objects.get()
    stored = json.dumps([str(getattr(row, f.attname)) for f in Response._meta.fields])
    assert "10.1.2.3" not in stored


def test_running_tallies_equal_a_full_recount(survey, organiser):
    """Submissions, device updates and a new version: the running tallies never drift."""
    import random

    from cophub.surveys import tallies

    rng = random.Random(7)
    devices = [uuid.uuid4() for _ in range(15)]
    for i in range(60):
        answers = all_likert(rng.randint(1, 5), org_type=rng.choice(["department", "other"]),
                             comment=rng.choice(["ได้ความรู้", "สถานที่ดี", "", "อยากให้จัดอีก"]))  # fmt: skip
        survey_submit(
            survey=survey, client_id=uuid.uuid4(), answers=answers, respondent=rng.choice(devices)
        )
        if i == 30:
            version = survey.current_version
            questions = [{"code": q.code, "section": q.section, "kind": q.kind, "text": q.text + " (ปรับ)",
                          "required": q.required, "options": q.options, "profile": q.profile}
                         for q in version.questions.all()]  # fmt: skip
            survey_questions_save(actor=organiser, survey=survey, questions=questions)
    from cophub.surveys import tallies as running_tallies

    running_tallies.fold([survey.pk])
    running = sorted(
        Tally.objects.filter(survey=survey).exclude(count=0).values_list("code", "value", "count")
    )
    tallies.rebuild(survey)
    assert running == sorted(
        Tally.objects.filter(survey=survey).exclude(count=0).values_list("code", "value", "count")
    )
    assert (
        survey_results(survey=survey).responses
        == Response.objects.filter(survey=survey).count()
        <= 15
    )


def test_remembered_survey_is_checked_again_when_it_changed(survey, organiser):
    """The submission path remembers surveys for a few seconds; a change is never missed."""
    assert (
        api_post(survey, {"client_id": str(uuid.uuid4()), "answers": all_likert()}).status_code
        == 201
    )
    version = survey.current_version
    questions = [{"code": q.code, "section": q.section, "kind": q.kind, "text": q.text, "required": q.required,
                  "options": q.options, "profile": q.profile} for q in version.questions.all()]  # fmt: skip
    questions.append({"code": "q10", "kind": "likert", "text": "อยากเข้าร่วมอีก"})
    survey_questions_save(actor=organiser, survey=survey, questions=questions)
    response = api_post(survey, {"client_id": str(uuid.uuid4()), "answers": all_likert(4, q10=5)})
    assert response.status_code == 201, response.json()
    assert response.json()["version"] == 2
    missing = api_post(survey, {"client_id": str(uuid.uuid4()), "answers": all_likert(4)})
    assert missing.status_code == 400 and missing.json()["errors"][0]["path"] == "q10"
    survey.closes_at = timezone.now() - dt.timedelta(seconds=1)
    survey.opens_at = survey.closes_at - dt.timedelta(days=1)
    survey.save()
    closed = api_post(survey, {"client_id": str(uuid.uuid4()), "answers": all_likert(4, q10=5)})
    assert closed.status_code == 409


def test_results_read_tallies_and_unfolded_answers_in_one_statement(survey):
    """Folded and not-yet-folded answers are read by a single statement, so a fold that
    commits in between can never count an answer twice or not at all."""
    from cophub.surveys import tallies
    from cophub.testing import count_queries

    for value in (5, 4):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(value))
    tallies.fold([survey.pk])
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(3))
    assert count_queries(lambda: tallies.read([survey.pk])) == 1
    cells, waiting = tallies.read([survey.pk])
    assert cells[survey.pk]["q1"] == {"5": 1, "4": 1, "3": 1}
    assert cells[survey.pk]["_n"] == {"": 3}
    assert waiting[survey.pk][("_n", "")] == 1  # one answer still to fold
    assert survey_results(survey=survey).responses == 3


def test_behind_a_trusted_proxy_the_address_limit_counts_each_client(survey, settings):
    """nginx on the host: REMOTE_ADDR is nginx for everyone; the client is in X-Forwarded-For."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.SURVEY_RATE_PER_ADDRESS = 3

    def send(client_address):
        return api_post(
            survey, {"client_id": str(uuid.uuid4()), "answers": all_likert()},
            REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address,
        ).status_code  # fmt: skip

    assert [send("198.51.100.1") for _ in range(4)] == [201, 201, 201, 429]
    assert send("198.51.100.2") == 201  # another phone behind the same proxy
