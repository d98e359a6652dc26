"""The survey editor: one question at a time (htmx and plain forms), choices as lines with
codes made for the organiser, an error summary, the preview; drafts, opening and closing;
copies and the organisation's templates; the command line and the API."""

import re
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from cophub.accounts.services import token_create
from cophub.core.audit import AuditLog
from cophub.core.errors import DomainError
from cophub.surveys import tallies
from cophub.surveys.models import Response, Survey, SurveyTemplate
from cophub.surveys.services import (
    survey_close,
    survey_create,
    survey_publish,
    survey_question_save,
    survey_submit,
    survey_update,
)
from cophub.testing import ActivityFactory, all_likert, count_queries, survey_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def codes(survey) -> list[str]:
    survey.refresh_from_db()
    return list(survey.current_version.questions.values_list("code", flat=True))


def edit_url(survey, code: str, action: str = "edit") -> str:
    return reverse(f"surveys:question_{action}", args=[survey.activity_id, code])


def question_data(**fields) -> dict:
    data = {"text": "คำถาม", "kind": "likert", "choices": "", "section": "", "required": "on"}
    data.update(fields)
    return {f"question-{k}": v for k, v in data.items() if v is not None}


# --- the list ---------------------------------------------------------------------------


def test_the_editor_lists_questions_without_their_codes(organiser_client, survey):
    html = organiser_client.get(reverse("surveys:manage", args=[survey.activity_id])).content
    html = html.decode()
    assert html.count('data-testid="question"') == 12
    texts = re.sub(r"<[^>]+>", " ", html)  # what the organiser reads, not the markup
    for code in ("org_type", "area", "q1", "q9", "comment", "department"):
        assert not re.search(rf"(?<![\w-]){code}(?![\w-])", texts), code
    assert "department=" not in html and 'name="q-0-code"' not in html


def test_manage_page_queries_do_not_grow_with_questions(organiser_client, survey, organiser):
    url = reverse("surveys:manage", args=[survey.activity_id])
    few = count_queries(lambda: organiser_client.get(url))
    for i in range(5):
        survey_question_save(
            actor=organiser, survey=survey, code=None, section="", kind="single_choice",
            text=f"ข้อ {i}", required=True, profile=False, choices=["ก", "ข"],
        )  # fmt: skip
    assert count_queries(lambda: organiser_client.get(url)) == few == MANAGE_QUERIES


MANAGE_QUERIES = 11


def test_move_up_and_down_with_htmx_and_without(organiser_client, survey):
    response = organiser_client.post(edit_url(survey, "q1", "move"), {"step": "-1"}, **HTMX)
    assert response.status_code == 200
    assert codes(survey)[:3] == ["org_type", "q1", "area"]
    fragment = response.content.decode()
    assert fragment.startswith('<ol id="questions"') and "<html" not in fragment
    assert fragment.index('id="q-q1"') < fragment.index('id="q-area"')
    # Without JavaScript: the same form, then the page again at the question.
    response = organiser_client.post(edit_url(survey, "q1", "move"), {"step": "1"})
    assert response.status_code == 302 and response["Location"].endswith("#q-q1")
    assert codes(survey)[:3] == ["org_type", "area", "q1"]
    # At the end nothing moves.
    organiser_client.post(edit_url(survey, "comment", "move"), {"step": "1"})
    assert codes(survey)[-1] == "comment"


def test_edit_one_question_in_place(organiser_client, survey):
    form = organiser_client.get(edit_url(survey, "q1"), **HTMX).content.decode()
    assert form.startswith('<li id="q-q1"') and 'name="question-text"' in form
    assert "<html" not in form
    response = organiser_client.post(
        edit_url(survey, "q1"), question_data(text="สถานที่สะดวก เดินทางง่าย"), **HTMX
    )
    item = response.content.decode()
    assert response.status_code == 200 and item.startswith('<li id="q-q1"')
    assert "สถานที่สะดวก เดินทางง่าย" in item and 'name="question-text"' not in item
    q1 = survey.current_version.questions.get(code="q1")
    assert q1.text == "สถานที่สะดวก เดินทางง่าย" and q1.position == 3
    assert survey.current_version.number == 1  # nobody answered yet: the same version


def test_without_javascript_the_edit_link_opens_the_form_on_the_page(organiser_client, survey):
    response = organiser_client.get(edit_url(survey, "q1"))
    assert response.status_code == 302 and "?edit=q1" in response["Location"]
    page = organiser_client.get(response["Location"]).content.decode()
    assert page.count('id="question-form"') == 1 and 'name="question-text"' in page
    response = organiser_client.post(edit_url(survey, "q1"), question_data(text="ใหม่"))
    assert response.status_code == 302 and response["Location"].endswith("#q-q1")


def test_add_and_delete_a_question(organiser_client, survey):
    response = organiser_client.post(
        reverse("surveys:question_new", args=[survey.activity_id]),
        question_data(text="ท่านจะแนะนำให้เพื่อนร่วมงานหรือไม่", kind="single_choice",
                      choices="แนะนำ\nไม่แนะนำ\n\n"),
        **HTMX,
    )  # fmt: skip
    assert response["HX-Retarget"] == "#questions"  # the new item joins the list
    new = survey.current_version.questions.order_by("position").last()
    assert new.code == "q10" and new.options == [
        {"value": "o1", "label": "แนะนำ"},
        {"value": "o2", "label": "ไม่แนะนำ"},
    ]
    response = organiser_client.post(edit_url(survey, "q10", "delete"), **HTMX)
    assert response.status_code == 200 and "q10" not in codes(survey)
    actions = AuditLog.objects.filter(action="survey.questions.updated").count()
    assert actions == 2


def test_the_last_question_cannot_go(organiser_client, organiser, survey):
    for code in codes(survey)[:-1]:
        organiser_client.post(edit_url(survey, code, "delete"))
    response = organiser_client.post(edit_url(survey, "comment", "delete"), **HTMX)
    assert codes(survey) == ["comment"]
    assert 'data-testid="list-error"' in response.content.decode()


def test_choices_keep_their_codes_when_reworded_reordered_or_added(organiser, survey):
    q = survey.current_version.questions.get(code="org_type")
    before = {o["label"]: o["value"] for o in q.options}
    labels = list(before)
    survey_submit(
        survey=survey, client_id=uuid.uuid4(),
        answers=all_likert(5, org_type=before[labels[0]]),
    )  # fmt: skip
    # Reordered, and one added: each kept choice keeps its value, the new one gets its own.
    current = [*reversed(labels), "องค์กรภาคเอกชน"]
    saved = survey_question_save(
        actor=organiser, survey=survey, code="org_type", section=q.section, kind=q.kind,
        text=q.text, required=q.required, profile=q.profile, choices=current,
    )  # fmt: skip
    values = {o["label"]: o["value"] for o in saved.options}
    assert all(values[label] == before[label] for label in labels)
    assert values["องค์กรภาคเอกชน"] == "o1"
    assert saved.version.number == 2  # someone had answered: a new version
    # Reworded in place (the same number of choices): the answers stay with the choice.
    reworded = list(current)
    reworded[len(labels) - 1] = f"{labels[0]} (ระดับกรม)"
    saved = survey_question_save(
        actor=organiser, survey=survey, code="org_type", section=q.section, kind=q.kind,
        text=q.text, required=q.required, profile=q.profile, choices=reworded,
    )  # fmt: skip
    assert saved.options[len(labels) - 1] == {"value": before[labels[0]], "label": reworded[-2]}
    org_type = next(i for i in _results(survey).items if i.code == "org_type")
    assert (before[labels[0]], reworded[-2], 1, 100.0) in org_type.choices


def test_a_removed_choice_code_is_never_given_to_a_new_choice(organiser, survey):
    survey_question_save(
        actor=organiser, survey=survey, code=None, section="", kind="single_choice",
        text="ช่องทาง", required=True, profile=False, choices=["วิทยุ", "โทรทัศน์"],
    )  # fmt: skip
    survey_submit(
        survey=survey, client_id=uuid.uuid4(), answers=all_likert(4, q10="o2")
    )  # "โทรทัศน์"
    saved = survey_question_save(
        actor=organiser, survey=survey, code="q10", section="", kind="single_choice",
        text="ช่องทาง", required=True, profile=False, choices=["วิทยุ", "ไลน์", "เว็บไซต์"],
    )  # fmt: skip
    assert [o["value"] for o in saved.options] == ["o1", "o3", "o4"]


def _results(survey):
    from cophub.surveys.selectors import survey_results

    tallies.fold([survey.pk])
    return survey_results(survey=Survey.objects.select_related("activity").get(pk=survey.pk))


def test_an_error_is_summarised_at_the_top_with_links_to_the_fields(organiser_client, survey):
    data = question_data(text="", kind="single_choice", choices="มีข้อเดียว")
    response = organiser_client.post(edit_url(survey, "q9"), data, **HTMX)
    assert response.status_code == 422  # htmx swaps it in (htmx-config on the page)
    html = response.content.decode()
    summary = html[html.index('data-testid="error-summary"') :]
    assert "autofocus" in html[: html.index('data-testid="error-summary"')]
    assert 'href="#id_question-text"' in summary and 'href="#id_question-choices"' in summary
    assert 'id="id_question-text"' in html and 'id="id_question-choices"' in html
    assert "ต้องมีตัวเลือกอย่างน้อยสองข้อ" in summary
    # Without JavaScript: the whole page, 400, the summary first and the form at question 9.
    response = organiser_client.post(edit_url(survey, "q9"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert page.index('data-testid="error-summary"') < page.index('id="questions"')
    assert page.index('id="q-q8"') < page.index('id="question-form"') < page.index('id="q-comment"')
    assert survey.current_version.questions.get(code="q9").kind == "likert"  # nothing saved


def test_the_preview_is_the_respondent_page_read_only(organiser_client, survey, member_client):
    url = reverse("surveys:preview", args=[survey.activity_id])
    html = organiser_client.get(url).content.decode()
    assert 'data-testid="preview-label"' in html and "ตัวอย่าง" in html
    assert "<div inert" in html and "ส่งแบบประเมิน" in html and "มากที่สุด" in html
    assert organiser_client.post(url, all_likert(5)).status_code == 405
    assert not Response.objects.exists()
    assert member_client.get(url).status_code == 403


def test_a_member_and_another_organiser_cannot_edit(member_client, other_client, survey):
    for client in (member_client, other_client):
        for url, data in [
            (edit_url(survey, "q1"), question_data(text="x")),
            (edit_url(survey, "q1", "move"), {"step": "1"}),
            (edit_url(survey, "q1", "delete"), {}),
            (reverse("surveys:question_new", args=[survey.activity_id]), question_data()),
            (reverse("surveys:publish", args=[survey.activity_id]), {"close": "1"}),
            (reverse("surveys:template_save", args=[survey.activity_id]), {"template-title": "x"}),
        ]:
            assert client.post(url, data).status_code == 403, url
        assert client.get(edit_url(survey, "q1"), **HTMX).status_code == 403
    assert codes(survey)[2] == "q1" and survey.state() == "open"
    assert not SurveyTemplate.objects.exists()


# --- draft, open, close -----------------------------------------------------------------


def test_a_new_survey_is_a_draft_until_opened(organiser_client, organiser):
    activity = ActivityFactory(program__owner=organiser)
    organiser_client.post(reverse("surveys:create", args=[activity.pk]))
    survey = Survey.objects.get(activity=activity)
    assert survey.is_draft and survey.state() == "not_open"
    page = organiser_client.get(reverse("surveys:manage", args=[activity.pk])).content.decode()
    assert "ฉบับร่าง" in page and 'data-testid="publish"' in page and "เปิดรับคำตอบ" in page
    respondent = Client().get(f"/s/{survey.token}")
    assert respondent.status_code == 409 and "ยังไม่เปิดรับคำตอบ" in respondent.content.decode()
    api = Client().post(
        f"/api/v1/s/{survey.token}/responses",
        {"client_id": str(uuid.uuid4()), "answers": all_likert(5)},
        content_type="application/json",
    )
    assert api.status_code == 409 and api.json()["code"] == "survey_not_open"
    # Its questions are not public yet: the API does not read them out either.
    read = Client().get(f"/api/v1/s/{survey.token}")
    assert read.status_code == 409 and read.json()["code"] == "survey_not_open"
    assert "questions" not in read.json() and "ยังไม่เปิด" in read.json()["detail"]

    organiser_client.post(reverse("surveys:publish", args=[activity.pk]))
    survey.refresh_from_db()
    assert not survey.is_draft and survey.state() == "open"
    assert Client().get(f"/s/{survey.token}").status_code == 200
    page = organiser_client.get(reverse("surveys:manage", args=[activity.pk])).content.decode()
    assert "ปิดรับคำตอบตอนนี้" in page

    organiser_client.post(reverse("surveys:publish", args=[activity.pk]), {"close": "1"})
    survey.refresh_from_db()
    assert survey.state() == "closed"
    assert list(
        AuditLog.objects.filter(object_id=str(survey.pk), action__in=["survey.published", "survey.closed"])
        .order_by("pk").values_list("action", flat=True)
    ) == ["survey.published", "survey.closed"]  # fmt: skip


def test_opening_again_clears_a_past_closing_time(organiser, survey):
    survey_close(actor=organiser, survey=survey)
    assert survey.state() == "closed"
    survey_publish(actor=organiser, survey=survey)
    survey.refresh_from_db()
    assert survey.state() == "open" and survey.closes_at is None


def test_the_survey_read_declares_its_409(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/s/{token}"]["get"]
    assert {"200", "404", "409"} <= set(operation["responses"])


def test_saving_settings_from_a_stale_copy_keeps_a_publish_and_new_questions(organiser):
    """The settings form read the survey before it was opened and its questions changed:
    saving it changes the settings only."""
    survey = survey_create(actor=organiser, activity=ActivityFactory(program__owner=organiser))
    stale = Survey.objects.select_related("activity__program").get(pk=survey.pk)
    survey_publish(actor=organiser, survey=Survey.objects.get(pk=survey.pk))
    survey_question_save(
        actor=organiser, survey=Survey.objects.select_related("activity__program").get(pk=survey.pk),
        code=None, section="", kind="short_text", text="ข้อใหม่", required=False,
        profile=False, choices=[],
    )  # fmt: skip
    fresh = Survey.objects.get(pk=survey.pk)
    survey_update(
        actor=organiser, survey=stale, title="ชื่อใหม่", intro="", opens_at=None, closes_at=None
    )
    after = Survey.objects.get(pk=survey.pk)
    assert after.title == "ชื่อใหม่" and after.state() == "open"
    assert after.published_at == fresh.published_at is not None
    assert (after.current_version_id, after.questions_revision) == (
        fresh.current_version_id, fresh.questions_revision,
    )  # fmt: skip
    assert stale.published_at == fresh.published_at  # the caller's copy is current too
    changes = AuditLog.objects.filter(action="survey.updated").latest("pk").changes
    assert set(changes) == {"title", "intro"}


def test_a_draft_cannot_be_closed(organiser):
    survey = survey_create(actor=organiser, activity=ActivityFactory(program__owner=organiser))
    with pytest.raises(DomainError) as info:
        survey_close(actor=organiser, survey=survey)
    assert info.value.code == "survey_is_draft" and info.value.status == 409


def test_the_migration_keeps_existing_surveys_published(survey):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cophub.surveys.migrations.0003_drafts_and_templates")
    Survey.objects.filter(pk=survey.pk).update(published_at=None)
    migration.publish_existing(apps, None)
    survey.refresh_from_db()
    assert survey.published_at == survey.created_at and survey.state() == "open"


# --- copies and templates ---------------------------------------------------------------


def test_copy_the_survey_of_an_earlier_activity(
    organiser_client, organiser, survey, other_organiser
):
    survey_question_save(
        actor=organiser, survey=survey, code="q1", section="", kind="likert",
        text="ห้องประชุมเหมาะสม", required=True, profile=False, choices=[],
    )  # fmt: skip
    theirs = survey_for(ActivityFactory(program__owner=other_organiser), other_organiser)
    later = ActivityFactory(program=survey.activity.program, number=9)
    page = organiser_client.get(reverse("surveys:manage", args=[later.pk])).content.decode()
    assert f'value="a{survey.activity_id}"' in page
    assert f'value="a{theirs.activity_id}"' not in page  # only activities they may edit
    refused = organiser_client.post(
        reverse("surveys:create", args=[later.pk]), {"source": f"a{theirs.activity_id}"}
    )
    assert refused.status_code == 400 and not Survey.objects.filter(activity=later).exists()
    organiser_client.post(
        reverse("surveys:create", args=[later.pk]), {"source": f"a{survey.activity_id}"}
    )
    copy = Survey.objects.get(activity=later)
    assert copy.is_draft and codes(copy) == codes(survey)
    assert copy.current_version.questions.get(code="q1").text == "ห้องประชุมเหมาะสม"
    audit = AuditLog.objects.get(action="survey.created", object_id=str(copy.pk))
    assert audit.changes["copied_from"] == survey.activity_id


def test_save_as_the_organisations_template_and_start_from_it(organiser_client, organiser, survey):
    survey_question_save(
        actor=organiser, survey=survey, code=None, section="", kind="short_text",
        text="หน่วยงานของท่าน", required=False, profile=True, choices=[],
    )  # fmt: skip
    response = organiser_client.post(
        reverse("surveys:template_save", args=[survey.activity_id]),
        {"template-title": "แบบประเมินศึกษาดูงาน กอง"},
    )
    assert response.status_code == 302
    template = SurveyTemplate.objects.get()
    assert template.organization_id == survey.activity.program.organization_id
    assert AuditLog.objects.filter(action="survey_template.created").count() == 1
    other = ActivityFactory(program__owner=organiser)  # another program, the same organisation
    page = organiser_client.get(reverse("surveys:manage", args=[other.pk])).content.decode()
    assert "แบบประเมินศึกษาดูงาน กอง" in page
    organiser_client.post(reverse("surveys:create", args=[other.pk]), {"source": f"t{template.pk}"})
    made = Survey.objects.get(activity=other)
    assert codes(made) == codes(survey) and "q10" in codes(made)


def test_another_organisations_template_is_refused(organiser, other_organiser):
    from cophub.orgs.models import Organization

    elsewhere = Organization.objects.exclude(pk=ActivityFactory().program.organization_id).first()
    template = SurveyTemplate.objects.create(organization=elsewhere, title="ของที่อื่น", questions=[])
    activity = ActivityFactory(program__owner=organiser)
    with pytest.raises(DomainError) as info:
        survey_create(actor=organiser, activity=activity, template=template)
    assert info.value.code == "permission_denied"


# --- the command line and the API -------------------------------------------------------


def test_command_creates_a_draft_or_an_open_survey(organiser, capsys, survey):
    draft, opened = (
        ActivityFactory(program__owner=organiser),
        ActivityFactory(program__owner=organiser),
    )
    call_command("survey", "create", str(draft.pk), "--user", "organiser")
    assert Survey.objects.get(activity=draft).is_draft
    call_command("survey", "create", str(opened.pk), "--open", "--copy-from", str(survey.activity_id),
                 "--user", "organiser")  # fmt: skip
    made = Survey.objects.get(activity=opened)
    assert made.state() == "open" and capsys.readouterr().out.strip().endswith(f"/s/{made.token}")
    with pytest.raises(CommandError, match="แบบประเมินความพึงพอใจอยู่แล้ว"):
        call_command("survey", "create", str(opened.pk), "--user", "organiser")
    with pytest.raises(CommandError):
        call_command("survey", "create", "999999", "--user", "organiser")


def test_command_refuses_a_member(member):
    activity = ActivityFactory()
    with pytest.raises(CommandError):
        call_command("survey", "create", str(activity.pk), "--user", "member")
    assert not Survey.objects.exists()


def api_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t')[1]}")


def test_api_creates_the_survey_for_the_organiser_only(
    organiser, member, other_organiser, demo_program
):
    program = api_client(organiser).get(f"/api/v1/programs/{demo_program.pk}").json()
    activity_id = program["activities"][0]["id"]
    assert activity_id == demo_program.activities.order_by("number").first().pk
    url = f"/api/v1/activities/{activity_id}/survey"
    for user in (member, other_organiser):
        response = api_client(user).post(url, {"open": True}, content_type="application/json")
        assert response.status_code == 403, user
    response = api_client(organiser).post(url, {"open": True}, content_type="application/json")
    body = response.json()
    assert response.status_code == 201 and body["state"] == "open" and body["draft"] is False
    assert body["url"].endswith(f"/s/{Survey.objects.get(activity_id=activity_id).token}")
    again = api_client(organiser).post(url, {}, content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "survey_exists"
    Survey.objects.all().delete()
    draft = api_client(organiser).post(url, {}, content_type="application/json").json()
    assert draft["draft"] is True and draft["state"] == "not_open"


def test_program_document_for_import_has_no_ids(demo_program):
    from cophub.programs.selectors import program_document

    document = program_document(program_id=demo_program.pk)
    assert all("id" not in a for a in document["activities"])


# --- words, results, the projector ------------------------------------------------------


def test_a_word_counts_once_per_comment(organiser, survey):
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4, comment="ก" * 2000))
    survey_submit(
        survey=survey,
        client_id=uuid.uuid4(),
        answers=all_likert(4, comment="ประทับใจ ประทับใจ ประทับใจ"),
    )
    words = dict(_results(survey).top_words)
    assert words["ประทับใจ"] == 1
    assert max(words.values()) == 1  # "ก" × 2000: once, whatever it is segmented into


def test_the_live_region_speaks_only_when_the_count_changes(organiser_client, survey):
    url = reverse("surveys:results_live", args=[survey.activity_id])
    quiet = organiser_client.get(url, {"seen": "0"}).content.decode()
    assert "hx-swap-oob" not in quiet and "?seen=0" in quiet
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(5))
    spoken = organiser_client.get(url, {"seen": "0"}).content.decode()
    assert 'hx-swap-oob="innerHTML:#announce"' in spoken and "?seen=1" in spoken
    assert "hx-swap-oob" not in organiser_client.get(url, {"seen": "1"}).content.decode()
    # Not a count the page wrote: a digit int() refuses, too many digits, a sign: unknown.
    for seen in ("²", "๐", "9" * 5000, "1234567890", "-1", " 1", "1\n"):
        odd = organiser_client.get(url, {"seen": seen})
        assert odd.status_code == 200 and "hx-swap-oob" not in odd.content.decode(), seen
    page = organiser_client.get(
        reverse("surveys:results", args=[survey.activity_id])
    ).content.decode()
    live = page[page.index('id="live"') - 20 : page.index('id="live"') + 300]
    assert "aria-live" not in live  # the polled block itself is silent
    assert 'id="announce"' in page and 'aria-live="polite"' in page


def test_projector_page_is_full_screen_with_a_legend(organiser_client, survey, client, facilitator):
    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(5))
    url = reverse("surveys:projector", args=[survey.activity_id])
    html = organiser_client.get(url).content.decode()
    assert 'class="projector"' in html and 'class="topbar"' not in html
    legend = html[html.index('data-testid="legend"') :]
    for word in ("๕ มากที่สุด", "๔ มาก", "๓ ปานกลาง", "๒ น้อย", "๑ น้อยที่สุด"):
        assert word in legend[:1000], word
    assert "projector.js" in html and "<script>" not in html
    assert 'data-testid="responses">๑<' in html


def test_manage_page_warns_when_served_elsewhere_than_site_url(organiser_client, survey, settings):
    url = reverse("surveys:manage", args=[survey.activity_id])
    settings.SITE_URL = "http://testserver"
    assert 'data-testid="site-url-warning"' not in organiser_client.get(url).content.decode()
    settings.SITE_URL = "http://127.0.0.1:8000"
    html = organiser_client.get(url).content.decode()
    assert 'data-testid="site-url-warning"' in html and "http://127.0.0.1:8000" in html
