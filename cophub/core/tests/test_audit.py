"""One audit vocabulary: registered dotted action types, their labels, and the old rows."""

import ast

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cophub.core.audit import (
    ACTION_TYPES,
    ActionType,
    UnknownAuditAction,
    audit_record,
    register_actions,
)
from cophub.core.models import AuditLog
from cophub.core.tests.scan import calls, literals
from cophub.knowledge import services
from cophub.testing import ProgramFactory, make_item


def _action_names(node: ast.AST) -> set[str] | None:
    """The names an ``action=`` argument can take, or None when it is not spelled out."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _action_names(node.body), _action_names(node.orelse)
        return body | orelse if body is not None and orelse is not None else None
    return None


def test_every_audit_record_call_uses_a_registered_type():
    sites, unregistered, unreadable = 0, [], []
    for where, call in calls("audit_record"):
        if where.startswith("cophub/core/audit.py"):
            continue
        sites += 1
        action = next((k.value for k in call.keywords if k.arg == "action"), None)
        names = _action_names(action) if action is not None else None
        if names is None:
            unreadable.append(f"{where}: {ast.unparse(call)}")
            continue
        unregistered += [f"{where}: {n}" for n in sorted(names) if n not in ACTION_TYPES]
    assert sites > 30  # the scan reaches the services
    assert not unregistered, f"register these in the app's audit_types.py: {unregistered}"
    assert not unreadable, f"write the action type as a literal: {unreadable}"


def test_every_registered_type_is_written_somewhere():
    assert sorted(set(ACTION_TYPES) - literals()) == []


@pytest.mark.django_db
def test_an_unregistered_type_is_refused_and_nothing_is_written(organiser):
    program = ProgramFactory(owner=organiser)
    with pytest.raises(UnknownAuditAction, match=r"program\.create"):
        audit_record(actor=organiser, action="program.create", instance=program)
    with pytest.raises(UnknownAuditAction):
        audit_record(actor=organiser, action="update", instance=program)  # the old vocabulary
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize(
    "name", ["created", "Program.created", "program.", "program..x", "a." + "b" * 63]
)
def test_a_type_must_be_a_short_dotted_name(name):
    with pytest.raises(ValueError):
        register_actions([ActionType(name, _("Program created"))])
    assert name not in ACTION_TYPES


def test_a_type_registered_twice_differently_is_refused():
    with pytest.raises(ValueError, match=r"program\.created"):
        register_actions([ActionType("program.created", _("Program edited"))])
    assert str(ACTION_TYPES["program.created"].label) in {"สร้างโครงการ", "Program created"}


def test_every_label_reads_in_thai():
    with translation.override("th"):
        english = [n for n, t in ACTION_TYPES.items() if str(t.label) == t.label._args[0]]
        assert english == []
        assert AuditLog(action="community.member.role_changed").action_label == "เปลี่ยนบทบาทของสมาชิก"
    with translation.override("en"):
        assert (
            AuditLog(action="community.member.role_changed").action_label == "Member's role changed"
        )
    # A name from before the registry (or a removed type) shows as it is stored.
    assert AuditLog(action="create").action_label == "create"


def test_useful_marks_are_audited(community, member, outsider):
    item = make_item(author=member, community=community)
    assert services.useful_toggle(actor=outsider, item=item) is True
    assert services.useful_toggle(actor=outsider, item=item) is False
    rows = AuditLog.objects.filter(object_type="knowledge.knowledgeitem", object_id=str(item.pk))
    assert list(rows.filter(actor=outsider).order_by("id").values_list("action", flat=True)) == [
        "knowledge_item.useful.marked",
        "knowledge_item.useful.unmarked",
    ]


def test_the_audit_admin_shows_the_label(admin_client, organiser):
    program = ProgramFactory(owner=organiser, title="โครงการทดลอง")
    row = audit_record(actor=organiser, action="program.imported", instance=program)
    detail = admin_client.get(f"/admin/core/auditlog/{row.pk}/change/")
    assert detail.status_code == 200 and "นำเข้าโครงการ" in detail.text
    page = admin_client.get("/admin/core/auditlog/")
    filtered = admin_client.get("/admin/core/auditlog/?action=program.deleted")
    assert page.status_code == 200
    assert "นำเข้าโครงการ" in page.text  # in the list and in the filter
    assert page.text.count("นำเข้าโครงการ") >= 2
    assert "โครงการทดลอง" in page.text and "โครงการทดลอง" not in filtered.text


# --- the data migration --------------------------------------------------------------
OLD_ROWS = [  # (object_type, old action, changes, new action)
    ("programs.program", "import", {}, "program.imported"),
    ("programs.program", "delete", {}, "program.deleted"),
    ("programs.activity", "update", {}, "activity.updated"),
    ("orgs.person", "create", {}, "person.created"),
    ("programs.registration", "update", {"attended": [False, True]}, "registration.updated"),
    ("knowledge.community", "member_role", {}, "community.member.role_changed"),
    ("knowledge.knowledgeitem", "hide_comment", {"comment": 3}, "knowledge_item.comment.hidden"),
    ("surveys.survey", "update", {"version": 2, "questions": [[], []]}, "survey.questions.updated"),
    ("surveys.survey", "update", {"title": ["ก", "ข"]}, "survey.updated"),
    ("surveys.survey", "update", {}, "survey.updated"),
    ("surveys.scoringpolicy", "update", {}, "scoring_policy.updated"),
    ("accounts.apitoken", "delete", {}, "api_token.revoked"),
]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_old_rows_get_the_dotted_names_and_back():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("core")[0]
    old_apps = _migrate(("core", "0001_initial"))
    try:
        OldLog = old_apps.get_model("core", "AuditLog")
        ids = [
            OldLog.objects.create(
                action=action, object_type=kind, object_id="1", object_repr="x", changes=changes
            ).pk
            for kind, action, changes, _ in OLD_ROWS
        ]
        new_apps = _migrate(latest)
        NewLog = new_apps.get_model("core", "AuditLog")
        assert [NewLog.objects.get(pk=i).action for i in ids] == [new for *_, new in OLD_ROWS]
        NewLog.objects.create(
            action="knowledge_item.useful.marked", object_type="knowledge.knowledgeitem",
            object_id="1", object_repr="x",
        )  # fmt: skip
        old_apps = _migrate(("core", "0001_initial"))
        OldLog = old_apps.get_model("core", "AuditLog")
        assert [OldLog.objects.get(pk=i).action for i in ids] == [old for _, old, *_ in OLD_ROWS]
        # A type with no old name is kept, clipped to the old column.
        assert OldLog.objects.filter(action="knowledge_item.u").count() == 1
    finally:
        # Every app back to its latest migration, not core alone: rolling core back also
        # unapplied the apps whose migrations depend on its latest one (privacy).
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
