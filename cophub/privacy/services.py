"""Writes of the privacy app: the notice's versions, consents, reads of personal data and
the breach register. Each checks who acts, runs in one transaction and writes its audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from cophub.accounts.models import User
from cophub.core.audit import audit_record, diff, snapshot
from cophub.core.errors import DomainError
from cophub.orgs.models import Person
from cophub.privacy import selectors
from cophub.privacy.models import Breach, Consent, PersonalDataRead, PrivacyNotice
from cophub.privacy.purposes import PURPOSES

NOTICE_FIELDS = ["title", "controller", "body", "dpo_contact", "effective_date"]
BREACH_FIELDS = [
    "title", "description", "occurred_at", "found_at", "data_affected", "people_affected",
    "people_count", "risk", "office_notified_at", "people_notified_at", "actions", "status",
]  # fmt: skip


def _require_admin(actor: User | None) -> None:
    if not (actor and actor.is_authenticated and actor.is_system_admin):
        raise DomainError("permission_denied")


# --- the notice ----------------------------------------------------------------------
@transaction.atomic
def notice_draft_start(*, actor: User) -> PrivacyNotice:
    """The draft of the next version: the open one, else a copy of the notice in force."""
    _require_admin(actor)
    draft = selectors.notice_draft()
    if draft is not None:
        return draft
    base = selectors.notice_latest()
    draft = PrivacyNotice.objects.create(
        title=base.title if base else "", controller=base.controller if base else "",
        body=base.body if base else "", dpo_contact=base.dpo_contact if base else "",
        effective_date=timezone.localdate(), created_by=actor,
    )  # fmt: skip
    audit_record(
        actor=actor, action="privacy_notice.drafted", instance=draft,
        changes={"from_version": base.version if base else None},
    )  # fmt: skip
    return draft


@transaction.atomic
def notice_draft_update(
    *, actor: User, notice: PrivacyNotice, title: str, controller: str, body: str,
    dpo_contact: str, effective_date: dt.date,
) -> PrivacyNotice:  # fmt: skip
    _require_admin(actor)
    notice = PrivacyNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.is_published:
        raise DomainError("notice_published")
    before = snapshot(notice, NOTICE_FIELDS)
    notice.title, notice.controller, notice.body = title.strip(), controller.strip(), body.strip()
    notice.dpo_contact, notice.effective_date = dpo_contact.strip(), effective_date
    notice.save(update_fields=NOTICE_FIELDS)
    changes = diff(before, snapshot(notice, NOTICE_FIELDS))
    if changes:
        audit_record(actor=actor, action="privacy_notice.edited", instance=notice, changes=changes)
    return notice


def _purposes_table() -> list[dict]:
    """The registry as the notice prints it, in Thai: frozen into the version published."""
    with translation.override("th"):
        return [
            {
                "code": p.code, "label": str(p.label), "basis": p.basis.value,
                "basis_label": str(p.basis.label), "data": str(p.data),
                "retention": str(p.retention),
            }
            for p in PURPOSES.values()
        ]  # fmt: skip


@transaction.atomic
def notice_publish(*, actor: User, notice: PrivacyNotice) -> PrivacyNotice:
    """Give the draft the next version number and freeze it; it is in force from its date."""
    _require_admin(actor)
    notice = PrivacyNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.is_published:
        raise DomainError("notice_published")
    # What s.23 requires the notice to tell; a published version is frozen for good, so a
    # blank one would be the notice in force, with nothing in it, until the next version.
    missing = [
        str(PrivacyNotice._meta.get_field(name).verbose_name)
        for name in ("title", "controller", "body", "dpo_contact")
        if not getattr(notice, name).strip()
    ]
    if missing:
        raise DomainError("notice_incomplete", {"fields": ", ".join(missing)})
    latest = PrivacyNotice.objects.aggregate(v=Max("version"))["v"] or 0
    notice.version = latest + 1
    notice.purposes = _purposes_table()
    notice.published_at, notice.published_by = timezone.now(), actor
    notice.save(update_fields=["version", "purposes", "published_at", "published_by"])
    audit_record(
        actor=actor, action="privacy_notice.published", instance=notice,
        changes={"version": notice.version, "effective_date": notice.effective_date.isoformat()},
    )  # fmt: skip
    return notice


# --- consents ------------------------------------------------------------------------
def _consent_purpose(code: str):
    purpose = PURPOSES.get(code)
    if purpose is None or not purpose.needs_consent:
        raise DomainError("consent_not_needed")
    return purpose


def _may_act_for(actor: User | None, person: Person) -> bool:
    if not (actor and actor.is_authenticated):
        return False
    return actor.is_system_admin or (person.user_id is not None and person.user_id == actor.pk)


@transaction.atomic
def consent_give(
    *, actor: User, person: Person, purpose: str, source: str,
    notice: PrivacyNotice | None = None,
) -> Consent:  # fmt: skip
    """Record ``person``'s consent to ``purpose`` under the notice they saw (default: the
    one in force). A consent already in force is kept as it is, with its first notice."""
    _consent_purpose(purpose)
    if not _may_act_for(actor, person):
        raise DomainError("permission_denied")
    notice = notice or selectors.notice_current()
    if notice is None or not notice.is_published:
        raise DomainError("notice_missing")
    existing = Consent.objects.filter(person=person, purpose=purpose, withdrawn_at=None).first()
    if existing is not None:
        return existing
    consent = Consent.objects.create(person=person, purpose=purpose, notice=notice, source=source)
    audit_record(
        actor=actor, action="consent.given", instance=consent,
        changes={"person": str(person.pk), "purpose": purpose, "notice_version": notice.version,
                 "source": source},
    )  # fmt: skip
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent_id: int) -> Consent:
    """Withdraw a consent and stop the use: the fields its purpose names are cleared."""
    consent = (
        Consent.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk=consent_id)
        .first()
    )
    # Someone else's consent does not exist for this actor: ids tell nothing.
    if consent is None or not _may_act_for(actor, consent.person):
        raise DomainError("not_found")
    if not consent.in_force:
        raise DomainError("consent_withdrawn_already")
    purpose = _consent_purpose(consent.purpose)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    person = consent.person
    cleared = [name for name in purpose.clears if getattr(person, name)]
    for name in cleared:
        setattr(person, name, "")
    if cleared:
        person.save(update_fields=cleared)
    audit_record(
        actor=actor, action="consent.withdrawn", instance=consent,
        changes={"person": str(person.pk), "purpose": consent.purpose, "cleared": cleared},
    )  # fmt: skip
    return consent


# --- reads of personal data ----------------------------------------------------------
def _person_ids(people: Iterable) -> list[int]:
    ids = {p if isinstance(p, int) else p.pk for p in people}
    return sorted(i for i in ids if i is not None)


@transaction.atomic
def personal_data_read(
    *, viewer: User | None, kind: str, instance, people: Iterable = (),
    exported: bool = False, with_contacts: bool = False,
) -> PersonalDataRead:  # fmt: skip
    """Record that ``viewer`` saw (or took away, ``exported``) the personal data of
    ``people`` (Person objects or ids) in ``instance`` (the activity, survey, attachment…).

    Called by the pages and jobs that show or hand out personal data, after their own
    permission check: the read is recorded, not refused."""
    ids = _person_ids(people)
    log = audit_record(
        actor=viewer, action="personal_data.exported" if exported else "personal_data.viewed",
        instance=instance, changes={"kind": kind, "people": len(ids), "contacts": with_contacts},
    )  # fmt: skip
    read = PersonalDataRead.objects.create(
        log=log, viewer=log.actor, exported=exported, kind=kind, with_contacts=with_contacts,
        object_repr=str(instance)[:300], count=len(ids),
    )  # fmt: skip
    if ids:
        through = PersonalDataRead.people.through
        through.objects.bulk_create(
            [through(personaldataread_id=read.pk, person_id=i) for i in ids], batch_size=500
        )
    return read


# --- breaches ------------------------------------------------------------------------
def _breach_snapshot(breach: Breach) -> dict:
    """As ``snapshot``, with moments in UTC: 09:30 typed in Bangkok and 02:30Z read back
    from the database are one moment, not a change."""
    values = snapshot(breach, BREACH_FIELDS)
    for name in BREACH_FIELDS:
        moment = getattr(breach, name)
        if isinstance(moment, dt.datetime):
            values[name] = moment.astimezone(dt.UTC).isoformat()
    return values


def _check_breach(values: dict) -> None:
    found, occurred = values["found_at"], values.get("occurred_at")
    if occurred and found < occurred:
        raise DomainError("breach_found_before_it_happened")
    for notified in (values.get("office_notified_at"), values.get("people_notified_at")):
        if notified and notified < found:
            raise DomainError("breach_notified_before_found")


@transaction.atomic
def breach_record(*, actor: User, **values) -> Breach:
    _require_admin(actor)
    values = {k: v for k, v in values.items() if k in BREACH_FIELDS}
    _check_breach(values)
    breach = Breach.objects.create(recorded_by=actor, **values)
    audit_record(
        actor=actor, action="breach.recorded", instance=breach,
        changes=_breach_snapshot(breach),
    )  # fmt: skip
    return breach


@transaction.atomic
def breach_update(*, actor: User, breach: Breach, **values) -> Breach:
    _require_admin(actor)
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    before = _breach_snapshot(breach)
    for name in BREACH_FIELDS:
        if name in values:
            setattr(breach, name, values[name])
    _check_breach({name: getattr(breach, name) for name in BREACH_FIELDS})
    breach.save()
    changes = diff(before, _breach_snapshot(breach))
    if changes:
        audit_record(actor=actor, action="breach.updated", instance=breach, changes=changes)
    return breach
