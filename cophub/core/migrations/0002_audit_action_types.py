"""Audit actions become registered dotted types (``program.created``…).

Old rows said only ``create``/``update``/…; with their object type that names the new
type exactly, except a survey's ``update``, which was either its questions (the changes
hold ``questions``) or its settings. Plain ORM updates, so the same code runs on SQLite
and PostgreSQL; a pair not listed here (none were ever written) is left as it was.
"""

from django.db import migrations, models
from django.db.models.functions import Length, Substr

RENAMES = {
    ("programs.program", "create"): "program.created",
    ("programs.program", "update"): "program.updated",
    ("programs.program", "delete"): "program.deleted",
    ("programs.program", "import"): "program.imported",
    ("programs.activity", "create"): "activity.created",
    ("programs.activity", "update"): "activity.updated",
    ("programs.activity", "delete"): "activity.deleted",
    ("programs.registration", "create"): "registration.created",
    ("programs.registration", "update"): "registration.updated",
    ("programs.registration", "delete"): "registration.deleted",
    ("orgs.person", "create"): "person.created",
    ("knowledge.community", "create"): "community.created",
    ("knowledge.community", "update"): "community.updated",
    ("knowledge.community", "join"): "community.joined",
    ("knowledge.community", "leave"): "community.left",
    ("knowledge.community", "member_add"): "community.member.added",
    ("knowledge.community", "member_role"): "community.member.role_changed",
    ("knowledge.community", "member_remove"): "community.member.removed",
    ("knowledge.community", "link_activity"): "community.activity.linked",
    ("knowledge.community", "unlink_activity"): "community.activity.unlinked",
    ("knowledge.knowledgeitem", "create"): "knowledge_item.created",
    ("knowledge.knowledgeitem", "update"): "knowledge_item.updated",
    ("knowledge.knowledgeitem", "delete"): "knowledge_item.deleted",
    ("knowledge.knowledgeitem", "attach"): "knowledge_item.attachment.added",
    ("knowledge.knowledgeitem", "detach"): "knowledge_item.attachment.removed",
    ("knowledge.knowledgeitem", "comment"): "knowledge_item.comment.added",
    ("knowledge.knowledgeitem", "hide_comment"): "knowledge_item.comment.hidden",
    ("knowledge.knowledgeitem", "show_comment"): "knowledge_item.comment.shown",
    ("surveys.survey", "create"): "survey.created",
    ("surveys.survey", "update"): "survey.updated",
    ("surveys.scoringpolicy", "update"): "scoring_policy.updated",
    ("accounts.apitoken", "create"): "api_token.created",
    ("accounts.apitoken", "delete"): "api_token.revoked",
}
SURVEY_QUESTIONS = "survey.questions.updated"


def forwards(apps, schema_editor):
    rows = apps.get_model("core", "AuditLog").objects
    # Before the general rename, which would make these plain "survey.updated".
    rows.filter(object_type="surveys.survey", action="update", changes__has_key="questions").update(
        action=SURVEY_QUESTIONS
    )
    for (object_type, old), new in RENAMES.items():
        rows.filter(object_type=object_type, action=old).update(action=new)


def backwards(apps, schema_editor):
    rows = apps.get_model("core", "AuditLog").objects
    rows.filter(object_type="surveys.survey", action=SURVEY_QUESTIONS).update(action="update")
    for (object_type, old), new in RENAMES.items():
        rows.filter(object_type=object_type, action=new).update(action=old)
    # Types with no old name (useful marks, later apps) are cut to the old 16 characters:
    # an audit row is kept, even with a clipped action, rather than deleted.
    rows.annotate(n=Length("action")).filter(n__gt=16).update(action=Substr("action", 1, 16))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="auditlog",
            name="action",
            field=models.CharField(db_index=True, max_length=64, verbose_name="action"),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
