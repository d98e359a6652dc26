"""Who may see and write a KM plan: system admins and the organisers of its organisation.
Members and facilitators get 403, another organisation's organiser 404, a stranger the
log-in page (401 in the API)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from cophub.core.errors import DomainError
from cophub.kmplan import services
from cophub.kmplan.models import Indicator
from cophub.kmplan.tests.conftest import FY, organiser_of
from cophub.testing import ops

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pages(plan) -> list[str]:
    area = plan.areas.first()
    planned = area.activities.first()
    indicator = plan.indicators.first()
    return [
        f"/kmplan/{plan.pk}/", f"/kmplan/{plan.pk}/edit/", f"/kmplan/{plan.pk}/report/",
        f"/kmplan/{plan.pk}/report/?format=docx", f"/kmplan/{plan.pk}/areas/new/",
        f"/kmplan/areas/{area.pk}/edit/", f"/kmplan/areas/{area.pk}/delete/",
        f"/kmplan/{plan.pk}/activities/new/", f"/kmplan/activities/{planned.pk}/edit/",
        f"/kmplan/activities/{planned.pk}/delete/", f"/kmplan/{plan.pk}/indicators/new/",
        f"/kmplan/indicators/{indicator.pk}/edit/", f"/kmplan/indicators/{indicator.pk}/delete/",
    ]  # fmt: skip


def test_members_and_facilitators_are_refused_everything(full_plan, member, facilitator):
    # Even with a person record at the plan's organisation: the role decides.
    for user in (member, facilitator):
        organiser_of(user, ops())
        client = client_of(user)
        assert client.get("/kmplan/").status_code == 403
        assert client.get("/kmplan/new/").status_code == 403
        for url in pages(full_plan):
            assert client.get(url).status_code == 403, (user.role, url)
        assert client.get(f"/api/v1/kmplans/{full_plan.pk}/progress").status_code == 403


def test_another_organisations_organiser_does_not_find_the_plan(full_plan, other_org_organiser):
    client = client_of(other_org_organiser)
    assert client.get("/kmplan/").status_code == 200
    assert full_plan.title not in client.get("/kmplan/").content.decode()
    for url in pages(full_plan):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/api/v1/kmplans/{full_plan.pk}/progress").status_code == 404
    indicator = full_plan.indicators.first()
    r = client.post(f"/kmplan/indicators/{indicator.pk}/delete/")
    assert r.status_code == 404 and Indicator.objects.filter(pk=indicator.pk).exists()
    with pytest.raises(DomainError) as caught:
        services.indicator_delete(actor=other_org_organiser, indicator=indicator)
    assert caught.value.code == "not_found"


def test_another_organisations_organiser_cannot_write_its_plan(ops_organiser, other_org_organiser):
    with pytest.raises(DomainError) as caught:
        services.plan_create(
            actor=other_org_organiser, organization=ops(), fiscal_year=FY, title="แผนของคนอื่น"
        )
    assert caught.value.code == "permission_denied"
    # The form offers only the organiser's own organisation.
    r = client_of(other_org_organiser).post(
        "/kmplan/new/", {"organization": ops().pk, "fiscal_year": "๒๕๖๙", "title": "แผน"}
    )
    assert r.status_code == 400
    assert "กรุณาเลือกจากรายการที่มีให้" in r.content.decode()  # not an organisation they may choose


def test_a_stranger_is_sent_to_log_in(full_plan, stranger_client):
    for url in pages(full_plan)[:3]:
        r = stranger_client.get(url)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert stranger_client.get(f"/api/v1/kmplans/{full_plan.pk}/progress").status_code == 401


def test_the_own_organiser_and_an_admin_may(full_plan, ops_organiser, sysadmin):
    for user in (ops_organiser, sysadmin):
        client = client_of(user)
        for url in pages(full_plan):
            assert client.get(url).status_code == 200, (user.username, url)
        assert full_plan.title in client.get("/kmplan/").content.decode()
        assert client.get(f"/api/v1/kmplans/{full_plan.pk}/progress").status_code == 200
    indicator = services.indicator_create(
        actor=sysadmin, plan=full_plan, name="โดยผู้ดูแล", kind="activities", target=Decimal(1)
    )
    r = client_of(ops_organiser).post(f"/kmplan/indicators/{indicator.pk}/delete/")
    assert r.status_code == 302 and not Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_organiser_without_an_organisation_is_told_why(organiser):
    with pytest.raises(DomainError) as caught:
        services.plan_create(actor=organiser, organization=ops(), fiscal_year=FY, title="แผน")
    assert caught.value.code == "kmplan_no_organization"
    assert "ไม่ได้" in client_of(organiser).get("/kmplan/").content.decode()


def test_a_ministrys_plan_counts_and_lists_its_offices_too(ops_organiser):
    """Ministry → department → office: the plan's programs and people reach the office."""
    from cophub.kmplan.forms import PlannedActivityForm
    from cophub.kmplan.services import area_create, plan_create
    from cophub.orgs.models import Organization
    from cophub.testing import ProgramFactory, UserFactory

    ministry = ops_organiser.person.organization
    department = Organization.objects.create(name="กองทดสอบ", parent=ministry)
    office = Organization.objects.create(name="ฝ่ายทดสอบ", parent=department)
    plan = plan_create(actor=ops_organiser, organization=ministry, fiscal_year=2569, title="แผน")
    area_create(actor=ops_organiser, plan=plan, name="องค์ความรู้")
    program = ProgramFactory(organization=office, fiscal_year=2569)
    from cophub.orgs.models import Person

    staff = UserFactory(username="office-staff")
    Person.objects.create(user=staff, first_name="สมใจ", last_name="ทำงาน", organization=office)
    form = PlannedActivityForm(plan=plan)
    assert program in form.fields["program"].queryset
    assert staff in form.fields["responsible"].queryset
