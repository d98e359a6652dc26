"""Program and activity pages: what they show, who may change what, and the audit trail."""

import re

import pytest
from django.urls import reverse

from cophub.core.models import AuditLog
from cophub.orgs.models import Province
from cophub.programs.models import Activity, Program, Registration
from cophub.testing import ActivityFactory, PersonFactory, ProgramFactory, RegistrationFactory, ops

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_demo_program_page_shows_the_reference_facts(member_client, demo_program):
    page = text_of(member_client.get(reverse("programs:detail", args=[demo_program.pk])))
    assert "ปีงบประมาณ ๒๕๖๑" in page
    assert "ครั้งที่ ๑" in page and "ครั้งที่ ๒" in page
    for fact in [
        "ศูนย์ธุรกิจคาเฟ่เมซอน และสถาบันพัฒนาศักยภาพธุรกิจน้ำมัน",
        "อำเภอวังน้อย", "จังหวัดพระนครศรีอยุธยา",
        "สถาบันการจัดการปัญญาภิวัฒน์", "อำเภอปากเกร็ด", "จังหวัดนนทบุรี",
        "ศูนย์บริการภาครัฐแบบเบ็ดเสร็จจังหวัดนนทบุรี (Government Center)", "อำเภอบางใหญ่",
        "๓๖ คน", "๓๓ คน", "ร้อยละ ๙๐", "ร้อยละ ๙๕",
    ]:  # fmt: skip
        assert fact in page, fact
    assert page.count("มาก") >= 2


def test_activity_page_shows_sites_target_group_and_participants(member_client, demo_program):
    activity = demo_program.activities.get(number=2)
    page = text_of(member_client.get(reverse("programs:activity", args=[activity.pk])))
    assert "ศูนย์การค้าเซ็นทรัลพลาซ่า เวสต์เกต" in page
    assert "ข้าราชการส่วนกลาง" in page and "รุ่นที่" in page
    assert "๓๓" in page


def test_participants_come_from_registrations_when_they_exist(member_client, organiser):
    activity = ActivityFactory(program__owner=organiser, participants_count=40)
    RegistrationFactory.create_batch(3, activity=activity, attended=True)
    RegistrationFactory(activity=activity, attended=False)
    page = text_of(member_client.get(reverse("programs:activity", args=[activity.pk])))
    assert "๓ ผู้เข้าร่วม" in page.replace("๓ ", "๓ ", 1) or "๓" in page
    assert Activity.objects.get(pk=activity.pk).participant_total == 3


def test_participants_by_organisation(member_client, organiser):
    activity = ActivityFactory(program__owner=organiser)
    RegistrationFactory.create_batch(2, activity=activity, person__organization=ops())
    page = text_of(member_client.get(reverse("programs:activity", args=[activity.pk])))
    assert "สำนักงานปลัดกระทรวงมหาดไทย ๒" in page


def test_program_list_groups_by_fiscal_year(member_client, organiser):
    ProgramFactory(owner=organiser, fiscal_year=2568, title="โครงการ ก")
    ProgramFactory(owner=organiser, fiscal_year=2569, title="โครงการ ข")
    page = text_of(member_client.get(reverse("programs:list")))
    assert page.index("ปีงบประมาณ ๒๕๖๙") < page.index("ปีงบประมาณ ๒๕๖๘")
    filtered = text_of(member_client.get(reverse("programs:list") + "?fy=2568"))
    assert "โครงการ ก" in filtered and "โครงการ ข" not in filtered
    assert member_client.get(reverse("programs:list") + "?fy=abc").status_code == 200


def test_list_pages_run_a_fixed_number_of_queries(
    member_client, organiser, django_assert_max_num_queries
):
    for fy in (2567, 2568, 2569):
        for _ in range(5):
            ActivityFactory.create_batch(3, program=ProgramFactory(owner=organiser, fiscal_year=fy))
    with django_assert_max_num_queries(6):
        assert member_client.get(reverse("programs:list")).status_code == 200
    program = Program.objects.first()
    with django_assert_max_num_queries(10):
        assert member_client.get(reverse("programs:detail", args=[program.pk])).status_code == 200


# --- permissions ------------------------------------------------------------------


def test_stranger_is_sent_to_log_in(stranger_client, demo_program):
    for url in [
        reverse("programs:list"),
        reverse("programs:detail", args=[demo_program.pk]),
        reverse("programs:activity", args=[demo_program.activities.first().pk]),
        reverse("programs:export", args=[demo_program.pk]),
        reverse("accounts:profile"),
    ]:
        response = stranger_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"
        ), url


def test_member_cannot_do_an_organisers_work(member_client, demo_program):
    activity = demo_program.activities.first()
    for url in [
        reverse("programs:create"),
        reverse("programs:import"),
        reverse("programs:edit", args=[demo_program.pk]),
        reverse("programs:delete", args=[demo_program.pk]),
        reverse("programs:activity_create", args=[demo_program.pk]),
        reverse("programs:activity_edit", args=[activity.pk]),
        reverse("programs:activity_delete", args=[activity.pk]),
    ]:
        assert member_client.get(url).status_code == 403, url
        assert member_client.post(url, {"title": "x"}).status_code == 403, url
    assert Program.objects.get(pk=demo_program.pk).title == demo_program.title
    assert Activity.objects.filter(pk=activity.pk).exists()
    page = member_client.get(reverse("programs:detail", args=[demo_program.pk])).content.decode()
    assert reverse("programs:edit", args=[demo_program.pk]) not in page


def test_organiser_cannot_edit_another_organisers_program(other_client, demo_program):
    activity = demo_program.activities.first()
    assert other_client.get(reverse("programs:edit", args=[demo_program.pk])).status_code == 403
    assert other_client.post(reverse("programs:delete", args=[demo_program.pk])).status_code == 403
    assert (
        other_client.post(reverse("programs:activity_delete", args=[activity.pk])).status_code
        == 403
    )
    person = PersonFactory()
    url = reverse("programs:registration_create", args=[activity.pk])
    assert other_client.post(url, {"person": person.pk}).status_code == 403
    assert Program.objects.filter(pk=demo_program.pk).exists()
    assert not Registration.objects.exists()


def test_member_cannot_change_registrations(member_client, organiser):
    registration = RegistrationFactory(activity__program__owner=organiser, attended=False)
    url = reverse("participants:status", args=[registration.pk])
    assert member_client.post(url, {"status": "attended"}).status_code == 403
    registration.refresh_from_db()
    assert registration.attended is False


def test_system_admin_may_edit_any_program(sysadmin, client, demo_program):
    client.force_login(sysadmin)
    assert client.get(reverse("programs:edit", args=[demo_program.pk])).status_code == 200


def test_missing_things_are_404(member_client):
    assert member_client.get(reverse("programs:detail", args=[999])).status_code == 404
    assert member_client.get(reverse("programs:activity", args=[999])).status_code == 404
    assert member_client.post(reverse("programs:export", args=[999])).status_code == 404


# --- forms ------------------------------------------------------------------------


def program_form(**overrides):
    data = {
        "title": "โครงการแลกเปลี่ยนเรียนรู้ ๒๕๖๙",
        "organization": ops().pk,
        "fiscal_year": "๒๕๖๙",
        "objectives": "เพื่อพัฒนาบุคลากร\n\n  เพื่อแลกเปลี่ยนความรู้  ",
        "outcomes": "บุคลากรนำความรู้ไปใช้",
    }
    data.update(overrides)
    return data


def test_organiser_creates_and_edits_a_program_with_an_audit_trail(organiser_client, organiser):
    response = organiser_client.post(reverse("programs:create"), program_form())
    program = Program.objects.get()
    assert response.status_code == 302 and response["Location"] == program.get_absolute_url()
    assert program.owner == organiser and program.fiscal_year == 2569
    assert [o.text for o in program.objectives.all()] == ["เพื่อพัฒนาบุคลากร", "เพื่อแลกเปลี่ยนความรู้"]
    organiser_client.post(reverse("programs:edit", args=[program.pk]), program_form(title="ชื่อใหม่"))
    rows = AuditLog.objects.filter(object_type="programs.program", object_id=str(program.pk))
    assert [r.action for r in rows.order_by("id")] == ["program.created", "program.updated"]
    assert rows.get(action="program.updated").changes == {
        "title": ["โครงการแลกเปลี่ยนเรียนรู้ ๒๕๖๙", "ชื่อใหม่"]
    }
    assert rows.get(action="program.updated").actor == organiser
    organiser_client.post(reverse("programs:delete", args=[program.pk]))
    assert not Program.objects.exists()
    assert (
        AuditLog.objects.filter(object_type="programs.program", action="program.deleted").count()
        == 1
    )


def test_program_form_errors_are_clear_and_in_thai(organiser_client):
    response = organiser_client.post(
        reverse("programs:create"), program_form(title="", fiscal_year="2018")
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "กรุณากรอกข้อมูลช่องนี้" in page
    # A C.E. year where B.E. belongs is told so, with this year's fiscal year as example.
    assert "ปีงบประมาณเป็นปี พ.ศ. เช่น ๒๕" in page
    too_early = text_of(
        organiser_client.post(reverse("programs:create"), program_form(fiscal_year="๒๔๙๙"))
    )
    assert "ค่านี้ต้องไม่น้อยกว่า ๒๕๐๐" in too_early  # the limit in Thai digits
    assert not Program.objects.exists()


def activity_form(**overrides):
    data = {
        "number": "1",
        "kind": "study_visit",
        "title": "ศึกษาดูงานศูนย์บริการ",
        "start_date": "2026-03-05",
        "end_date": "2026-03-06",
        "target_group": "ข้าราชการส่วนกลาง",
        "target_project": "",
        "cohort": "1",
        "participants_count": "",
        "participants_from": "",
        "satisfaction_method": "",
        "satisfaction_level": "",
        "satisfaction_percent": "",
        "sites-TOTAL_FORMS": "2",
        "sites-INITIAL_FORMS": "0",
        "sites-MIN_NUM_FORMS": "0",
        "sites-MAX_NUM_FORMS": "20",
        "sites-0-name": "ศูนย์ราชการ",
        "sites-0-organization": "จังหวัดนนทบุรี",
        "sites-0-district": "บางใหญ่",
        "sites-0-province": str(Province.objects.get(name_th="นนทบุรี").pk),
    }
    data.update(overrides)
    return data


def test_organiser_adds_edits_and_deletes_an_activity(organiser_client, organiser):
    program = ProgramFactory(owner=organiser, fiscal_year=2569)
    response = organiser_client.post(
        reverse("programs:activity_create", args=[program.pk]), activity_form()
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.sites.get().province.name_th == "นนทบุรี"
    assert activity.sites.get().host_name == "จังหวัดนนทบุรี"
    edit = reverse("programs:activity_edit", args=[activity.pk])
    organiser_client.post(edit, activity_form(title="หัวข้อใหม่", **{"sites-0-name": "ศูนย์ใหม่"}))
    activity.refresh_from_db()
    assert activity.title == "หัวข้อใหม่" and activity.sites.get().name == "ศูนย์ใหม่"
    update = AuditLog.objects.get(object_type="programs.activity", action="activity.updated")
    assert update.changes["title"] == ["ศึกษาดูงานศูนย์บริการ", "หัวข้อใหม่"]
    assert "sites" in update.changes
    organiser_client.post(reverse("programs:activity_delete", args=[activity.pk]))
    assert not Activity.objects.exists()


def test_activity_form_rejects_bad_dates_and_duplicate_numbers(organiser_client, organiser):
    program = ProgramFactory(owner=organiser, fiscal_year=2569)
    ActivityFactory(program=program, number=1)
    url = reverse("programs:activity_create", args=[program.pk])
    page = text_of(organiser_client.post(url, activity_form(start_date="2024-03-05", end_date="")))
    assert "ปีงบประมาณ 2569" in page or "ปีงบประมาณ ๒๕๖๙" in page
    page = text_of(organiser_client.post(url, activity_form(end_date="2026-03-01")))
    assert Activity.objects.count() == 1
    response = organiser_client.post(url, activity_form(number="1", start_date="", end_date=""))
    assert response.status_code == 200
    assert "1" in text_of(response)
    assert Activity.objects.count() == 1


def test_registrations_and_attendance(organiser_client, organiser):
    """The organiser adds a person here; the roster (participants) marks attendance."""
    activity = ActivityFactory(program__owner=organiser, participants_count=30)
    url = reverse("programs:registration_create", args=[activity.pk])
    organiser_client.post(
        url, {"prefix": "นาง", "first_name": "สมใจ", "last_name": "ดีงาม", "organization": ops().pk}
    )
    registration = Registration.objects.get()
    assert registration.person.full_name == "นางสมใจ ดีงาม"
    organiser_client.post(
        reverse("participants:status", args=[registration.pk]), {"status": "attended"}
    )
    registration.refresh_from_db()
    assert registration.attended and registration.checked_in_at is not None
    assert Activity.objects.get(pk=activity.pk).participant_total == 1
    actions = list(
        AuditLog.objects.filter(object_type="programs.registration").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["registration.created", "registration.status_changed"]
    response = organiser_client.post(url, {"first_name": ""}, follow=True)
    assert Registration.objects.count() == 1
    assert response.status_code == 200


def test_activity_page_shows_the_participants_panel(organiser_client, member_client, organiser):
    from cophub.participants.models import RegistrationPolicy

    activity = ActivityFactory(program__owner=organiser)
    RegistrationPolicy.objects.create(activity=activity, is_open=True, capacity=10)
    RegistrationFactory.create_batch(2, activity=activity, attended=False)
    url = reverse("programs:activity", args=[activity.pk])
    page = organiser_client.get(url).content.decode()
    assert 'id="participants-panel"' in page
    assert reverse("participants:roster", args=[activity.pk]) in page
    assert reverse("participants:checkin", args=[activity.pk]) in page
    assert reverse("participants:import", args=[activity.pk]) in page
    assert "๒ / ๑๐" in text_of(organiser_client.get(url))
    member_page = member_client.get(url).content.decode()
    assert reverse("participants:roster", args=[activity.pk]) not in member_page
    assert reverse("participants:register", args=[activity.pk]) in member_page


def test_import_page_accepts_a_document_and_reports_problems(organiser_client):
    import io
    import json

    from cophub.testing import demo_document

    bad = demo_document()
    bad["activities"][0]["kind"] = "picnic"
    upload = io.BytesIO(json.dumps(bad, ensure_ascii=False).encode())
    upload.name = "bad.json"
    page = text_of(organiser_client.post(reverse("programs:import"), {"file": upload}))
    assert "activities[0].kind" in page
    assert not Program.objects.exists()
    upload = io.BytesIO(b"{not json")
    upload.name = "broken.json"
    response = organiser_client.post(reverse("programs:import"), {"file": upload})
    assert response.status_code == 200 and "JSON" in text_of(response)
    upload = io.BytesIO(json.dumps(demo_document(), ensure_ascii=False).encode())
    upload.name = "good.json"
    response = organiser_client.post(reverse("programs:import"), {"file": upload})
    assert response.status_code == 302
    assert Program.objects.count() == 1


def test_export_download_is_the_document(member_client, demo_program):
    import json

    from cophub.testing import demo_document

    response = member_client.post(reverse("programs:export", args=[demo_program.pk]))
    assert json.loads(response.content) == demo_document()
    # A GET (a link, perhaps on another site) is refused: the download is asked for.
    assert member_client.get(reverse("programs:export", args=[demo_program.pk])).status_code == 405


def test_activities_are_listed_in_number_order(member_client, organiser):
    program = ProgramFactory(owner=organiser)
    for number in (3, 1, 2):
        RegistrationFactory(
            activity=ActivityFactory(program=program, number=number, title=f"กิจกรรมที่{number}")
        )
    page = text_of(member_client.get(reverse("programs:detail", args=[program.pk])))
    assert page.index("กิจกรรมที่1") < page.index("กิจกรรมที่2") < page.index("กิจกรรมที่3")


def test_program_pages_query_counts_are_exact_and_do_not_grow(
    organiser, organiser_client, demo_program
):
    """The list, program and activity pages: the same queries with more activities,
    surveys and answers (zulip's assert_database_query_count style)."""
    from cophub.testing import count_queries, grow_program

    activity = demo_program.activities.order_by("number").first()
    pages = [
        reverse("programs:list"),
        reverse("programs:detail", args=[demo_program.pk]),
        reverse("programs:activity", args=[activity.pk]),
    ]

    def counts():
        out = []
        for url in pages:
            out.append(count_queries(lambda url=url: organiser_client.get(url)))
        return out

    grow_program(demo_program, organiser, activities=1, responses=1)
    small = counts()
    grow_program(demo_program, organiser, activities=5, responses=4)
    ProgramFactory(owner=organiser, fiscal_year=2568)
    assert small == counts() == PAGE_QUERIES


# The program page reads its team (one query) for those who run it.
# The activity page's follow-up panel reads the follow-up and its adoption (two queries).
PAGE_QUERIES = [4, 12, 14]


def test_an_activity_or_program_holding_answers_is_not_deleted_and_says_why(
    organiser_client, organiser
):
    import uuid

    from cophub.surveys.services import survey_submit
    from cophub.testing import all_likert, survey_for

    program = ProgramFactory(owner=organiser, fiscal_year=2569)
    activity = ActivityFactory(program=program, number=1)
    survey_submit(
        survey=survey_for(activity, organiser), client_id=uuid.uuid4(), answers=all_likert(5)
    )
    for url, back in (
        (reverse("programs:activity_delete", args=[activity.pk]), reverse("programs:activity", args=[activity.pk])),
        (reverse("programs:delete", args=[program.pk]), reverse("programs:detail", args=[program.pk])),
    ):  # fmt: skip
        response = organiser_client.post(url, follow=True)
        assert response.redirect_chain[0] == (back, 302)
        page = text_of(response)
        assert "ไม่ได้ เพราะมีคำตอบที่ต้องเก็บไว้" in page
    assert (
        Activity.objects.filter(pk=activity.pk).exists()
        and Program.objects.filter(pk=program.pk).exists()
    )
    assert not AuditLog.objects.filter(action__in=["activity.deleted", "program.deleted"]).exists()
