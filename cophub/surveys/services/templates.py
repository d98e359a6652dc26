"""Saving a survey as its organisation's template, to start later surveys from."""

from __future__ import annotations

from django.db import transaction

from cophub.accounts.models import User
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError
from cophub.programs.permissions import require_edit_program
from cophub.surveys.models import Survey, SurveyTemplate
from cophub.surveys.selectors import own_organization
from cophub.surveys.services.editing import QUESTION_FIELDS


@transaction.atomic
def survey_template_save(*, actor: User, survey: Survey, title: str) -> SurveyTemplate:
    """The survey's introduction and current questions as a template of the program's
    organisation (else the organiser's own)."""
    program = survey.activity.program
    require_edit_program(actor, program)
    organization_id = program.organization_id or own_organization(actor)
    if organization_id is None:
        raise DomainError("survey_template_no_organization")
    questions = [
        {f: getattr(q, f) for f in QUESTION_FIELDS}
        for q in survey.current_version.questions.order_by("position")
    ]
    template = SurveyTemplate.objects.create(
        organization_id=organization_id, title=title.strip() or survey.title, intro=survey.intro,
        questions=questions, created_by=actor,
    )  # fmt: skip
    audit_record(
        actor=actor, action="survey_template.created", instance=template,
        changes={"survey": survey.pk, "organization": organization_id, "title": template.title},
    )  # fmt: skip
    return template
