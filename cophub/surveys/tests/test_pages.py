"""The respondent's page (no login, no JavaScript, light) and the organiser's pages."""

import re
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cophub.surveys.models import Response, Survey
from cophub.surveys.services import survey_submit
from cophub.testing import ActivityFactory, all_likert

pytestmark = pytest.mark.django_db


def form_answers(value=5, **extra):
    return {**{f"q{i}": str(value) for i in range(1, 10)}, **extra}


def test_respondent_fills_the_form_without_logging_in(survey):
    client = Client()
    page = client.get(f"/s/{survey.token}")
    assert page.status_code == 200
    html = page.content.decode()
    # Works without JavaScript: its one script (the offline queue) only enhances the form.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/surveys/offline.js" defer>']
    assert "ส่งแบบประเมิน" in html and "มากที่สุด" in html
    client_id = re.search(r'name="client_id" value="([^"]+)"', html).group(1)
    response = client.post(
        f"/s/{survey.token}", {**form_answers(4), "client_id": client_id, "comment": "ดีมาก"}
    )
    assert response.status_code == 302 and response["Location"].endswith("/thanks")
    assert "ขอบคุณ" in client.get(response["Location"]).content.decode()
    row = Response.objects.get()
    assert row.answers["q1"] == 4 and row.respondent is not None


def test_second_visit_from_the_same_phone_edits_the_answer(survey):
    client = Client()
    client.get(f"/s/{survey.token}")
    client.post(f"/s/{survey.token}", form_answers(2))
    page = client.get(f"/s/{survey.token}").content.decode()
    assert 'value="2" checked' in page  # the earlier answer is shown again
    client.post(f"/s/{survey.token}", form_answers(5))
    assert Response.objects.count() == 1 and Response.objects.get().answers["q1"] == 5


def test_missing_answers_are_shown_in_thai_and_kept(survey):
    client = Client()
    client.get(f"/s/{survey.token}")
    response = client.post(f"/s/{survey.token}", {"q1": "5", "comment": "ข้อความที่พิมพ์ไว้"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="error"') == 8  # q2 … q9
    assert "ข้อความที่พิมพ์ไว้" in html and 'value="5" checked' in html
    assert not Response.objects.exists()


def test_closed_survey_says_so_in_thai(survey):
    import datetime as dt

    from django.utils import timezone

    survey.opens_at = timezone.now() + dt.timedelta(days=2)
    survey.save()
    html = Client().get(f"/s/{survey.token}").content.decode()
    assert "ยังไม่เปิดรับคำตอบ" in html
    survey.opens_at, survey.closes_at = (
        timezone.now() - dt.timedelta(days=2),
        timezone.now() - dt.timedelta(days=1),
    )
    survey.save()
    html = Client().get(f"/s/{survey.token}").content.decode()
    assert "ปิดรับคำตอบแล้ว" in html
    response = Client().post(f"/s/{survey.token}", form_answers())
    assert response.status_code == 409 and not Response.objects.exists()


def test_page_weight_under_100_kb_with_fonts(survey):
    """Everything a phone downloads on first load: the page, its stylesheet, every font it
    may use, its script and the service worker that script installs."""
    html = Client().get(f"/s/{survey.token}").content
    css_paths = re.findall(rb'href="/static/([^"]+\.css)"', html)
    assert css_paths, "the page links its stylesheet"
    total = len(html)
    for css_path in css_paths:
        css = Path(finders.find(css_path.decode())).read_bytes()
        total += len(css)
        for font in re.findall(rb'url\("([^"]+\.woff2)"\)', css):
            total += Path(finders.find("core/" + font.decode())).stat().st_size
    scripts = re.findall(rb'<script src="/static/([^"]+)"', html)
    assert scripts == [b"surveys/offline.js"]
    total += Path(finders.find(scripts[0].decode())).stat().st_size
    total += len(Client().get("/offline-sw.js").content)
    assert total < 100 * 1024, total


def test_qr_command_writes_png_and_svg_that_decode(survey, tmp_path, settings):
    settings.SITE_URL = "https://cophub.example.go.th"
    png, svg = tmp_path / "qr.png", tmp_path / "qr.svg"
    call_command("qr", str(survey.activity_id), "--output", str(png))
    call_command("qr", str(survey.activity_id), "--output", str(svg))
    assert png.read_bytes().startswith(b"\x89PNG")
    assert svg.read_text().lstrip().startswith("<svg")
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
    )
    assert decoded.stdout.strip() == f"https://cophub.example.go.th/s/{survey.token}"


def test_qr_command_refuses_bad_requests(survey, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("qr", str(survey.activity_id), "--output", str(tmp_path / "qr.gif"))
    with pytest.raises(CommandError):
        call_command("qr", "999999", "--output", str(tmp_path / "qr.png"))
    bare = ActivityFactory()
    with pytest.raises(CommandError):
        call_command("qr", str(bare.pk), "--output", str(tmp_path / "qr.png"))


def test_poster_is_an_a4_pdf_with_the_title(organiser_client, survey, tmp_path):
    response = organiser_client.get(reverse("surveys:poster", args=[survey.activity_id]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in info  # A4 in points
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert survey.title in text
    assert "ไม่ต้องเข้าสู่ระบบ" in text


def test_organiser_builds_the_survey_from_the_template(organiser_client, organiser):
    activity = ActivityFactory(program__owner=organiser)
    page = organiser_client.get(reverse("surveys:manage", args=[activity.pk]))
    assert "Create the survey" in page.content.decode() or "สร้างแบบประเมิน" in page.content.decode()
    organiser_client.post(reverse("surveys:create", args=[activity.pk]))
    survey = Survey.objects.get(activity=activity)
    codes = list(survey.current_version.questions.values_list("code", flat=True))
    assert codes == ["org_type", "area", *[f"q{i}" for i in range(1, 10)], "comment"]
    assert organiser_client.get(reverse("surveys:manage", args=[activity.pk])).status_code == 200


def test_scoring_switch_applies_to_the_program(organiser_client, survey):
    for value in (4, 4, 5, 3):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(value))
    url = reverse("surveys:manage", args=[survey.activity_id])
    organiser_client.post(url, {"save_scoring": "1", "levels": "fifth", "percent": "top2"})
    page = organiser_client.get(
        reverse("surveys:results", args=[survey.activity_id])
    ).content.decode()
    assert "๔.๒๑–๕.๐๐" in page  # the chosen criteria are shown
    assert "๗๕.๐๐" in page  # 3 of 4 answered 4 or 5


def test_live_fragment_and_results_api(organiser_client, survey):
    for value in (5, 4):
        survey_submit(
            survey=survey, client_id=uuid.uuid4(), answers=all_likert(value, comment="ประทับใจ")
        )
    fragment = organiser_client.get(
        reverse("surveys:results_live", args=[survey.activity_id])
    ).content.decode()
    assert 'data-testid="responses">๒<' in fragment
    body = organiser_client.get(f"/api/v1/activities/{survey.activity_id}/results").json()
    assert body["responses"] == 2
    assert body["overall"]["mean"] == 4.5 and body["overall"]["level"] == "มาก"
    q1 = next(i for i in body["items"] if i["code"] == "q1")
    assert q1["rating"]["distribution"] == {"5": 1, "4": 1, "3": 0, "2": 0, "1": 0}
    assert body["scoring"]["criteria"][0] == {"range": "4.51–5.00", "level": "มากที่สุด"}
    assert {"word": "ประทับใจ", "count": 2} in body["top_words"]


def test_program_page_shows_satisfaction_from_responses(member_client, survey):
    program = survey.activity.program
    page = member_client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "ไม่ได้บันทึก" in page
    for value in (5, 4, 4, 4):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(value))
    page = member_client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "มาก" in page and "ร้อยละ ๘๕" in page  # mean 4.25 → 85 %
    assert "QR Code" in page


# --- who may do what -------------------------------------------------------------------


def organiser_urls(activity_id):
    return [reverse("surveys:manage", args=[activity_id])]


def results_urls(activity_id):
    """The results, and the QR code and poster: the projector, which the program's
    facilitators open, shows the QR code (it holds only the public link)."""
    return [
        reverse("surveys:results", args=[activity_id]),
        reverse("surveys:results_live", args=[activity_id]),
        reverse("surveys:projector", args=[activity_id]),
        reverse("surveys:qr_png", args=[activity_id]),
        reverse("surveys:qr_svg", args=[activity_id]),
        reverse("surveys:poster", args=[activity_id]),
    ]


def test_member_cannot_run_or_read_a_survey(member_client, survey):
    for url in organiser_urls(survey.activity_id) + results_urls(survey.activity_id):
        assert member_client.get(url).status_code == 403, url
    assert (
        member_client.post(reverse("surveys:create", args=[survey.activity_id])).status_code == 403
    )
    assert member_client.get(f"/api/v1/activities/{survey.activity_id}/results").status_code == 403


def test_other_organiser_cannot_touch_it(other_client, survey):
    for url in organiser_urls(survey.activity_id) + results_urls(survey.activity_id):
        assert other_client.get(url).status_code == 403, url


def test_facilitator_reads_results_but_does_not_manage(client, facilitator, survey):
    from cophub.testing import join_team

    join_team(survey.activity.program, facilitator)
    client.force_login(facilitator)
    for url in results_urls(survey.activity_id):
        assert client.get(url).status_code == 200, url
    for url in organiser_urls(survey.activity_id):
        assert client.get(url).status_code == 403, url
    projector = client.get(reverse("surveys:projector", args=[survey.activity_id]))
    qr_src = reverse("surveys:qr_svg", args=[survey.activity_id])
    assert qr_src in projector.content.decode()
    assert client.get(qr_src)["Content-Type"] == "image/svg+xml"


def test_stranger_sees_only_the_respondent_page(stranger_client, survey):
    for url in organiser_urls(survey.activity_id) + results_urls(survey.activity_id):
        response = stranger_client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert (
        stranger_client.get(f"/api/v1/activities/{survey.activity_id}/results").status_code == 401
    )
    assert stranger_client.get(f"/s/{survey.token}").status_code == 200


def test_results_page_queries_do_not_grow_with_responses(organiser_client, survey):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("surveys:results_live", args=[survey.activity_id])

    def queries_after(n: int) -> int:
        for value in ([5, 4, 3] * n)[:n]:
            survey_submit(
                survey=survey, client_id=uuid.uuid4(), answers=all_likert(value, comment="ดี")
            )
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(url).status_code == 200
        return len(captured)

    few, many = queries_after(3), queries_after(60)
    assert few == many <= 16


def test_site_url_setting_drives_the_qr_address(survey, settings):
    from cophub.surveys.qr import respondent_url

    settings.SITE_URL = "https://km.moi.go.th"
    assert respondent_url(survey) == f"https://km.moi.go.th/s/{survey.token}"
    assert settings.SITE_URL.startswith("https://")
    _ = settings  # the fixture restores it afterwards


def test_static_settings_for_the_font(tmp_path):
    assert Path(
        settings.BASE_DIR, "cophub/core/static/core/fonts/sarabun-thai-400-normal.woff2"
    ).exists()


def test_results_page_lists_the_newest_comments(organiser_client, survey):
    for text in ["ห้องประชุมเย็นเกินไป", "", "อยากให้มีเวลาถามตอบมากขึ้น"]:
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(4, comment=text))
    html = organiser_client.get(
        reverse("surveys:results", args=[survey.activity_id])
    ).content.decode()
    assert html.index("อยากให้มีเวลาถามตอบมากขึ้น") < html.index("ห้องประชุมเย็นเกินไป")
    assert html.count("<li><p>") == 2


def test_odd_dates_and_reserved_codes_are_form_errors(organiser_client, survey):
    url = reverse("surveys:manage", args=[survey.activity_id])
    response = organiser_client.post(
        url, {"save_settings": "1", "title": "x", "opens_at": "1950-01-01T00:00"}
    )
    assert response.status_code == 400 and "ค.ศ. ๒๐๐๐ ถึง ๒๒๐๐" in response.content.decode()
    for far in ("0001-01-01T00:00", "9999-12-31T23:59"):  # the date field's own bounds
        response = organiser_client.post(url, {"save_settings": "1", "title": "x", "opens_at": far})
        assert response.status_code == 400 and response.context["settings_form"].errors["opens_at"]
    from cophub.core.errors import DomainError
    from cophub.surveys.services import survey_questions_save

    with pytest.raises(DomainError) as info:
        survey_questions_save(
            actor=survey.activity.program.owner, survey=survey,
            questions=[{"code": "_n", "kind": "likert", "text": "x"}],
        )  # fmt: skip
    assert info.value.problems[0].path == "questions[0].code"


def test_results_pages_query_counts_are_exact_and_do_not_grow(
    organiser, organiser_client, demo_program
):
    """Results, the live fragment and the results API read the same queries with 1 or 30
    answers, folded or not."""
    import uuid

    from cophub.surveys import tallies
    from cophub.surveys.services import survey_submit
    from cophub.testing import all_likert, count_queries, survey_for

    activity = demo_program.activities.order_by("number").first()
    survey = survey_for(activity, organiser)
    pages = [
        reverse("surveys:results", args=[activity.pk]),
        reverse("surveys:results_live", args=[activity.pk]),
        f"/api/v1/activities/{activity.pk}/results",
    ]

    def counts():
        return [count_queries(lambda url=url: organiser_client.get(url)) for url in pages]

    survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(3, comment="ดี"))
    small = counts()
    for i in range(30):
        survey_submit(survey=survey, client_id=uuid.uuid4(), answers=all_likert(i % 5 + 1))
        if i == 10:
            tallies.fold([survey.pk])
    assert small == counts() == RESULTS_QUERIES


RESULTS_QUERIES = [13, 11, 11]
