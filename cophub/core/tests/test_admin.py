"""The admin shows service-owned data read-only; only reference data is edited there."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from cophub.accounts.models import ApiToken, User
from cophub.accounts.services import token_create
from cophub.core.models import AuditLog
from cophub.orgs.models import Organization, Person, Province
from cophub.participants.models import Coordinator
from cophub.programs.models import Program
from cophub.testing import ProgramFactory

# No service owns these: accounts, their roles and reference data (Django's admin log
# records edits).
EDITABLE = {User, Group, Province, Organization, Person, Coordinator}
# Decided by the app that owns it: rows of the search index, rebuilt from their sources.
# django-axes: deleting an access attempt is how an admin unlocks an account.
# The privacy notice: its admin saves drafts through the privacy services (audited) and
# refuses to change a published version (privacy/tests/test_notice.py).
OWNED_ELSEWHERE = {
    "search.searchdocument",
    "privacy.privacynotice",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "axes.accessattemptexpiration",
}


@pytest.fixture
def superuser_request(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return request


def test_every_admin_page_is_read_only_unless_it_holds_reference_data(superuser_request):
    # A read-only page refuses every POST to its change form, inlines included.
    editable, writable = set(), []
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in OWNED_ELSEWHERE:
            continue
        can = [
            model_admin.has_add_permission(superuser_request),
            model_admin.has_change_permission(superuser_request),
            model_admin.has_delete_permission(superuser_request),
        ]
        if all(can):
            editable.add(model)
        if any(can) and model not in EDITABLE:
            writable.append(model._meta.label)
    assert writable == []
    assert editable == EDITABLE


def test_a_program_cannot_be_changed_or_deleted_in_the_admin(admin_client, organiser):
    program = ProgramFactory(owner=organiser, title="เดิม")
    change = reverse("admin:programs_program_change", args=[program.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and "เดิม" in page.text  # shown, for looking
    assert admin_client.post(change, {"title": "ใหม่", "fiscal_year": 2570}).status_code == 403
    delete = reverse("admin:programs_program_delete", args=[program.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:programs_program_add")).status_code == 403
    assert Program.objects.get().title == "เดิม"
    assert (
        not AuditLog.objects.filter(object_type="programs.program")
        .exclude(action="program.created")
        .exists()
    )


def test_the_admin_revokes_tokens_through_the_service(admin_client, admin_user, organiser):
    token, _ = token_create(user=organiser, name="kiosk")
    response = admin_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "เพิกถอนโทเคนแล้ว ๑ รายการ" in response.text
    assert ApiToken.objects.get().revoked_at is not None
    row = AuditLog.objects.get(action="api_token.revoked")
    assert (row.actor, row.object_id) == (admin_user, str(token.pk))


def test_every_app_is_named_in_thai_in_the_admin(admin_client):
    """The admin's index lists each app by its AppConfig.verbose_name: in Thai, not "ACCOUNTS"."""
    import re as _re

    from django.apps import apps as _apps

    english = [
        c.label for c in _apps.get_app_configs()
        if c.name.startswith("cophub.") and c.label != "core"
        and not _re.search(r"[ก-๛]", str(c.verbose_name))
    ]  # fmt: skip
    assert english == []
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "หน่วยงานและบุคลากร" in page and "โครงการ" in page


def test_the_audit_log_shows_buddhist_era_times_and_thai_labels(admin_client, organiser):
    ProgramFactory(owner=organiser)
    from cophub.core.audit import audit_record

    audit_record(actor=organiser, action="program.created", instance=Program.objects.get())
    page = admin_client.get(reverse("admin:core_auditlog_changelist")).content.decode()
    assert "๒๕" in page and " น." in page  # ๒ ธันวาคม ๒๕๖๙ ๐๙:๓๐ น.
    assert '<td class="field-action_display">สร้างโครงการ</td>' in page
