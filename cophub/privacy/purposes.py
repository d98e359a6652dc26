"""Why CoP Hub holds each kind of personal data, and on what lawful basis: the one registry.

PDPA B.E. 2562 asks a controller to say, for each use of personal data, its purpose and its
lawful basis (s.23 in the notice, s.39 in the record of processing). Here both are data:
``PURPOSES`` (code → purpose, basis, what data, how long) and ``RECORDS`` (each model that
holds personal data → its purpose). The public notice prints its table from here, consents
name a purpose from here, and a test fails when a model with people's details has no entry,
so a new table cannot hold personal data without a declared reason.

Purpose is recorded by model rather than in a column on every row: a registration is
always held for the same reason (the agency's public task), so a column would repeat one
value millions of times. Where the basis differs row by row — a mobile number a person
chose to give — the basis is a ``Consent`` row, and withdrawing it clears the fields the
purpose names in ``clears`` (see ``services.consent_withdraw``).

Decisions where the law leaves a choice (docs/security.md, "PDPA duties"):
- Attendance, certificates and follow-up surveys rest on the public task (s.24(4)), not on
  consent: a civil servant sent to a course by their superior cannot freely refuse, and
  consent that cannot be refused is not valid consent (s.19 para. 4). Follow-up answers
  are reported only as statistics.
- A mobile number and photos are not needed for the public task, so they rest on consent,
  which can be withdrawn at any time on the profile page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Basis(models.TextChoices):
    PUBLIC_TASK = "public_task", _("Public task (PDPA section 24(4))")
    CONSENT = "consent", _("Consent (PDPA section 19)")
    STATISTICS = "statistics", _("Statistics without identifying anyone (PDPA section 24(1))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (PDPA section 24(6))")


@dataclass(frozen=True)
class Purpose:
    code: str
    label: Promise
    basis: Basis
    data: Promise  # what is collected for it
    retention: Promise  # how long it is kept
    # Person fields a withdrawn consent clears (consent purposes only).
    clears: tuple[str, ...] = ()

    @property
    def needs_consent(self) -> bool:
        return self.basis == Basis.CONSENT


PARTICIPATION = "participation"
CERTIFICATE = "certificate"
SURVEY_STATISTICS = "survey_statistics"
FOLLOW_UP = "follow_up"
OPTIONAL_CONTACT = "optional_contact"
PHOTO = "photo"
STAFF_ACCOUNT = "staff_account"
KNOWLEDGE = "knowledge"
NOTIFICATIONS = "notifications"
ACCOUNTABILITY = "accountability"

PURPOSES: dict[str, Purpose] = {
    p.code: p
    for p in (
        Purpose(
            PARTICIPATION,
            _("Registration and attendance of activities"),
            Basis.PUBLIC_TASK,
            _(
                "Name and prefix, position, organisation, work e-mail and telephone as the "
                "agency lists them; registrations, waiting lists, nominations and check-ins."
            ),
            _(
                "Contacts: two fiscal years after the program's fiscal year; attendance as long as the program's records are kept."
            ),
        ),
        Purpose(
            CERTIFICATE,
            _("Certificates of attendance and their verification"),
            Basis.PUBLIC_TASK,
            _("Name, the activity attended and the certificate's number."),
            _("As long as the program's records are kept, so a certificate can be verified."),
        ),
        Purpose(
            SURVEY_STATISTICS,
            _("Satisfaction surveys"),
            Basis.STATISTICS,
            _(
                "Answers without a name; a random answer number per survey on the device, "
                "kept only while the survey is open."
            ),
            _("Answers as statistics; the device's answer number until the survey closes."),
        ),
        Purpose(
            FOLLOW_UP,
            _("Follow-up of what participants applied after an activity"),
            Basis.PUBLIC_TASK,
            _("Follow-up answers, reported only as statistics of the activity."),
            _("As long as the program's records are kept."),
        ),
        Purpose(
            OPTIONAL_CONTACT,
            _("A mobile telephone for the day of the activity"),
            Basis.CONSENT,
            _("The mobile telephone number you choose to give when you register."),
            _("Until you withdraw your consent, or with the other contacts."),
            clears=("mobile",),
        ),
        Purpose(
            PHOTO,
            _("Photos of you at activities in reports and the knowledge base"),
            Basis.CONSENT,
            _("Photos taken at the activity in which you can be recognised."),
            _("Until you withdraw your consent; photos already printed in a report stay in it."),
        ),
        Purpose(
            STAFF_ACCOUNT,
            _("Staff accounts and the work done in the system"),
            Basis.PUBLIC_TASK,
            _(
                "User name, name, work e-mail and role; who owns which program, job or file "
                "and who coordinates or facilitates."
            ),
            _("While the account is in use, then with the records it made."),
        ),
        Purpose(
            KNOWLEDGE,
            _("Knowledge shared in communities of practice"),
            Basis.PUBLIC_TASK,
            _("Items, comments and files you write or upload, with your name as author."),
            _("As long as the community keeps the item."),
        ),
        Purpose(
            NOTIFICATIONS,
            _("E-mail the system sends you"),
            Basis.PUBLIC_TASK,
            _("Your e-mail address and the message: registration, invitation, password reset."),
            _("Until the message is sent and its delivery record is no longer needed."),
        ),
        Purpose(
            ACCOUNTABILITY,
            _("Audit trail, consents and the protection of personal data"),
            Basis.LEGAL_OBLIGATION,
            _(
                "Who changed or read what and when, the consents given and withdrawn, data "
                "requests and the breach register."
            ),
            _("As the audit and retention rules require (at least 90 days for access records)."),
        ),
    )
}

# Each model that holds personal data → the purpose it is held for (the record of
# processing). A test fails when a model with a link to a person or a user, or with a
# name, e-mail or telephone field, is missing here.
RECORDS: dict[str, str] = {
    # But for its ``mobile``, held on the person's consent (OPTIONAL_CONTACT clears it).
    "orgs.person": PARTICIPATION,
    "programs.registration": PARTICIPATION,
    "participants.checkin": PARTICIPATION,
    "participants.coordinator": STAFF_ACCOUNT,
    "accounts.user": STAFF_ACCOUNT,
    "accounts.apitoken": STAFF_ACCOUNT,
    "programs.program": STAFF_ACCOUNT,
    "programs.programmember": STAFF_ACCOUNT,
    # Who wrote a KM plan and who answers for each planned activity (name and position).
    "kmplan.kmplan": STAFF_ACCOUNT,
    "kmplan.plannedactivity": STAFF_ACCOUNT,
    "jobs.job": STAFF_ACCOUNT,
    "surveys.surveytemplate": STAFF_ACCOUNT,
    "certificates.certificate": CERTIFICATE,
    "certificates.decision": CERTIFICATE,
    "followups.followup": FOLLOW_UP,
    "followups.invitation": FOLLOW_UP,
    "surveys.response": SURVEY_STATISTICS,
    "surveys.surveyticket": SURVEY_STATISTICS,
    "surveys.redeemedcompletion": SURVEY_STATISTICS,
    "knowledge.community": KNOWLEDGE,
    "knowledge.membership": KNOWLEDGE,
    "knowledge.joinrequest": KNOWLEDGE,
    "knowledge.knowledgeitem": KNOWLEDGE,
    "knowledge.revision": KNOWLEDGE,
    "knowledge.attachment": KNOWLEDGE,
    "knowledge.comment": KNOWLEDGE,
    "knowledge.usefulmark": KNOWLEDGE,
    "search.searchdocument": KNOWLEDGE,
    "outbox.outboxmessage": NOTIFICATIONS,
    "core.auditlog": ACCOUNTABILITY,
    "privacy.privacynotice": ACCOUNTABILITY,
    "privacy.consent": ACCOUNTABILITY,
    "privacy.personaldataread": ACCOUNTABILITY,
    "privacy.breach": ACCOUNTABILITY,
    "rights.datarequest": ACCOUNTABILITY,
}


def purpose(code: str) -> Purpose:
    return PURPOSES[code]


def purpose_of(model: type[models.Model] | models.Model | str) -> Purpose | None:
    """The purpose a model's rows are held for (None: the model holds no personal data)."""
    label = model if isinstance(model, str) else model._meta.label_lower
    code = RECORDS.get(label)
    return PURPOSES[code] if code else None


def consent_purposes() -> list[Purpose]:
    return [p for p in PURPOSES.values() if p.needs_consent]


CONSENT_CHOICES = [(p.code, p.label) for p in consent_purposes()]
