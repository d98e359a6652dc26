"""Requests: made by the person or an admin, due in 30 days, listed overdue first, answered
by an admin (erased or refused, with the outcome), never answered twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cophub.core.errors import DomainError
from cophub.core.models import AuditLog
from cophub.core.thai import thai_digits
from cophub.jobs.models import Job
from cophub.rights import services
from cophub.rights.models import DataRequest
from cophub.testing import PersonFactory

pytestmark = pytest.mark.django_db


def _request(person, *, asked_days_ago: int = 0, kind="erasure", **fields) -> DataRequest:
    r = DataRequest.objects.create(
        kind=kind, person=person, due=timezone.now() + dt.timedelta(days=30 - asked_days_ago),
        **fields,
    )  # fmt: skip
    DataRequest.objects.filter(pk=r.pk).update(
        requested_at=timezone.now() - dt.timedelta(days=asked_days_ago)
    )
    return r


def test_asking_for_erasure_needs_the_confirmation(subject_client, subject_person):
    answer = subject_client.post(reverse("rights:erase_mine"), {})
    assert answer.status_code == 400
    assert not DataRequest.objects.exists()
    answer = subject_client.post(reverse("rights:erase_mine"), {"confirm": "on"})
    assert answer.status_code == 302
    r = DataRequest.objects.get()
    assert (r.kind, r.status, r.person, r.requested_by) == (
        "erasure", "pending", subject_person, subject_person.user,
    )  # fmt: skip
    assert r.due - r.requested_at == dt.timedelta(days=30)
    assert AuditLog.objects.filter(action="data_request.erasure_requested").count() == 1


def test_asking_twice_says_which_request_is_waiting(subject_client, subject_person):
    subject_client.post(reverse("rights:erase_mine"), {"confirm": "on"})
    answer = subject_client.post(reverse("rights:erase_mine"), {"confirm": "on"})
    first = DataRequest.objects.get()
    assert answer.status_code == 400
    assert (
        f"คำขอที่ {first.pk}" in answer.content.decode() or f"#{first.pk}" in answer.content.decode()
    )
    assert DataRequest.objects.count() == 1


def test_the_list_shows_overdue_first_with_thai_dates(sysadmin_client, subject_person):
    other = PersonFactory()
    fresh = _request(other, asked_days_ago=1)
    late = _request(subject_person, asked_days_ago=40)
    answered = _request(PersonFactory(), asked_days_ago=50, status="done",
                        completed_at=timezone.now())  # fmt: skip
    page = sysadmin_client.get(reverse("rights:requests")).content.decode()
    order = [
        page.index(reverse("rights:request", args=[r.pk]) + '"') for r in (late, fresh, answered)
    ]
    assert order == sorted(order)
    assert "เกินกำหนด" in page
    due = timezone.localdate(late.due)
    from cophub.core import thai

    assert thai.thai_date(due, style="medium") in page
    assert str(thai.be_year(due.year)) not in page  # the year is in Thai digits
    assert thai.thai_digits(thai.be_year(due.year)) in page


def test_the_list_runs_the_same_queries_for_ten_requests_as_for_two(
    sysadmin_client, django_assert_num_queries
):
    for _ in range(2):
        _request(PersonFactory())
    sysadmin_client.get(reverse("rights:requests"))  # sessions, caches warm
    with django_assert_num_queries(3) as two:
        sysadmin_client.get(reverse("rights:requests"))
    for _ in range(8):
        _request(PersonFactory())
    with django_assert_num_queries(len(two.captured_queries)):
        sysadmin_client.get(reverse("rights:requests"))


def test_members_see_none_of_the_admin_pages(member_client, subject_person):
    r = _request(subject_person)
    for url in (reverse("rights:requests"), reverse("rights:request", args=[r.pk])):
        assert member_client.get(url).status_code == 403
    assert (
        member_client.post(
            reverse("rights:request_erase", args=[r.pk]), {"confirm": "on"}
        ).status_code
        == 403
    )
    assert (
        member_client.post(
            reverse("rights:request_refuse", args=[r.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    r.refresh_from_db()
    assert r.status == "pending"


def test_the_person_cannot_carry_out_their_own_erasure(subject_user, subject_person):
    r = services.data_request_erasure(actor=subject_user)
    with pytest.raises(DomainError) as caught:
        services.data_request_erase(actor=subject_user, request=r)
    assert caught.value.code == "permission_denied"


def test_a_member_cannot_ask_for_someone_elses_erasure(member, subject_person):
    with pytest.raises(DomainError) as caught:
        services.data_request_erasure(actor=member, person=subject_person)
    assert caught.value.code == "permission_denied"
    assert not DataRequest.objects.exists()


def test_an_admin_erases_from_the_request_page(sysadmin_client, subject_person, run):
    r = _request(subject_person)
    url = reverse("rights:request_erase", args=[r.pk])
    assert sysadmin_client.post(url, {}).status_code == 400  # not confirmed
    answer = run(lambda: sysadmin_client.post(url, {"confirm": "on", "note": "ตามหนังสือ"}))
    assert answer.status_code == 302
    r.refresh_from_db()
    subject_person.refresh_from_db()
    assert (r.status, r.outcome, r.counts["people"]) == ("done", "ตามหนังสือ", 1)
    assert subject_person.first_name == "ผู้ถูกลบข้อมูล"
    page = sysadmin_client.get(reverse("rights:request", args=[r.pk])).content.decode()
    assert f"ผู้ถูกลบข้อมูล #{subject_person.pk}" in page


def test_a_refusal_needs_its_reason_and_closes_the_request(
    sysadmin, sysadmin_client, subject_person
):
    r = _request(subject_person)
    url = reverse("rights:request_refuse", args=[r.pk])
    assert sysadmin_client.post(url, {"reason": "  "}).status_code == 400
    assert sysadmin_client.post(url, {"reason": "ต้องเก็บไว้ตามกฎหมาย"}).status_code == 302
    r.refresh_from_db()
    assert (r.status, r.outcome, r.completed_by) == ("refused", "ต้องเก็บไว้ตามกฎหมาย", sysadmin)
    with pytest.raises(DomainError) as caught:
        services.data_request_erase(actor=sysadmin, request=r)
    assert caught.value.code == "rights_request_closed"
    subject_person.refresh_from_db()
    assert subject_person.email  # nothing was erased


def test_an_erased_person_cannot_be_erased_or_copied_again(sysadmin, subject_person, run):
    run(lambda: services.person_erase(actor=sysadmin, person=subject_person))
    for call in (
        lambda: services.data_request_erasure(actor=sysadmin, person=subject_person),
        lambda: services.data_request_export(actor=sysadmin, person=subject_person, fmt="json"),
    ):
        with pytest.raises(DomainError) as caught:
            call()
        assert caught.value.code == "rights_already_erased"
    assert DataRequest.objects.count() == 1


def test_the_request_row_never_names_the_person(sysadmin, subject_person, run):
    r = run(
        lambda: services.person_erase(actor=sysadmin, person=subject_person, note="ลบ สุนันทาลบได้")
    )
    assert "สุนันทาลบได้" not in (str(r) + r.outcome + str(r.counts))


def test_my_data_page_runs_the_same_queries_for_five_requests_as_for_one(
    subject_client, subject_person, django_assert_num_queries
):
    _request(subject_person, kind="access")
    subject_client.get(reverse("rights:mine"))
    with django_assert_num_queries(4) as one:  # session, user, person, requests
        page = subject_client.get(reverse("rights:mine"))
    assert page.status_code == 200
    for _ in range(4):
        _request(subject_person, kind="access")
    with django_assert_num_queries(len(one.captured_queries)):
        subject_client.get(reverse("rights:mine"))


def test_a_person_without_an_account_is_erased_and_their_registration_stays(
    sysadmin, run, django_capture_on_commit_callbacks
):
    from cophub.testing import RegistrationFactory

    registration = RegistrationFactory(
        person=PersonFactory(email="list@example.go.th", phone="021234567")
    )
    person = registration.person
    done = run(lambda: services.person_erase(actor=sysadmin, person=person))
    person.refresh_from_db()
    registration.refresh_from_db()
    assert (person.first_name, person.last_name, person.email, person.phone) == (
        "ผู้ถูกลบข้อมูล", f"#{person.pk}", "", "",
    )  # fmt: skip
    assert registration.person == person and registration.status == "attended"
    assert done.counts["people"] == 1 and "accounts" not in done.counts


def test_a_second_copy_waits_for_the_first_but_not_for_a_failed_one(subject_client, subject_person):
    # The test's transaction never commits, so the first copy's job stays queued.
    first = subject_client.post(reverse("rights:export_json"))
    assert first.status_code == 302
    request = DataRequest.objects.get()
    again = subject_client.post(reverse("rights:export_xlsx"), follow=True)
    assert again.redirect_chain == [(reverse("rights:mine"), 302)]
    assert f"กำลังจัดทำสำเนาข้อมูลของบุคคลนี้อยู่ (คำขอที่ {thai_digits(request.pk)})" in (
        again.content.decode()
    )
    assert (DataRequest.objects.count(), Job.objects.filter(kind="rights.export").count()) == (1, 1)
    Job.objects.filter(pk=request.job_id).update(state=Job.State.FAILED)
    assert subject_client.post(reverse("rights:export_json")).status_code == 302
    assert DataRequest.objects.count() == 2


def test_an_admin_is_told_the_copy_is_still_being_made(sysadmin, subject_person):
    services.data_request_export(actor=sysadmin, person=subject_person, fmt="xlsx")
    with pytest.raises(DomainError) as caught:
        services.data_request_export(actor=sysadmin, person=subject_person, fmt="json")
    assert (caught.value.code, caught.value.status) == ("rights_access_pending", 409)
