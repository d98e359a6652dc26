"""Registering, nominating, cancelling, the waiting list, statuses and the policy.

Every write that can take or free a seat first locks the activity's ``RegistrationPolicy``
row (``select_for_update``; on SQLite the IMMEDIATE transaction serialises writers), then
counts the seats. So twenty people clicking "register" at once for five seats give five
registered and fifteen waiting, never six registered. The participant-list import takes
the same lock.

Decisions (docs/participants.md, "Registration"):
- A quota caps the seats held by an organisation's people (its units included) whatever
  the way in: self-registration and nomination alike. The organiser's own additions and
  status changes are not held to quotas or capacity: they may over-fill on purpose.
- Coordinators may nominate whenever registration is open, whoever it is open to; with
  "target organisations" the nominee must still belong to one.
- Moving up from the waiting list never over-fills: it promotes the first waiting person
  whose organisation still has room in its quota, while seats are free.
"""

from __future__ import annotations

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone, translation

from cophub.accounts.models import User
from cophub.core.audit import audit_record, diff, snapshot
from cophub.core.errors import DomainError
from cophub.core.thai import thai_date, thai_digits
from cophub.orgs.models import Organization, Person
from cophub.orgs.services import person_get_or_create
from cophub.participants import selectors
from cophub.participants.models import Quota, RegistrationPolicy
from cophub.participants.permissions import (
    can_manage_participants,
    coordinated_organizations,
    require_manage_participants,
)
from cophub.participants.services.mail import mail_placed, registration_mail
from cophub.privacy import selectors as privacy_selectors
from cophub.privacy.models import Consent
from cophub.privacy.purposes import OPTIONAL_CONTACT
from cophub.privacy.services import consent_give
from cophub.programs.models import Activity, Registration

Status = Registration.Status
Who = RegistrationPolicy.Who
PERSON_FIELDS = ["prefix", "first_name", "last_name", "position", "organization", "email"]


# --- helpers -----------------------------------------------------------------------
def _when(moment: datetime) -> str:
    """A moment as the Thai read it: ๑๕ มีนาคม ๒๕๖๙ ๐๙:๐๐ น. (Arabic digits in English)."""
    local = timezone.localtime(moment)
    thai = (translation.get_language() or "th").startswith("th")
    digits = "thai" if thai else "arabic"
    clock = local.strftime("%H:%M")
    clock = f"{thai_digits(clock)} น." if thai else clock
    return f"{thai_date(local, style='medium', digits=digits)} {clock}"


def _locked_policy(activity: Activity) -> RegistrationPolicy | None:
    return RegistrationPolicy.objects.select_for_update().filter(activity=activity).first()


def _require_window(policy: RegistrationPolicy | None, now: datetime) -> RegistrationPolicy:
    if policy is None or not policy.is_open:
        raise DomainError("registration_closed")
    if policy.opens_at and now < policy.opens_at:
        raise DomainError("registration_not_open_yet", {"opens": _when(policy.opens_at)})
    if policy.closes_at and now >= policy.closes_at:
        raise DomainError("registration_ended", {"closes": _when(policy.closes_at)})
    return policy


def _require_target(policy: RegistrationPolicy, person: Person) -> None:
    if policy.who != Who.TARGET_ORGANIZATIONS:
        return
    if person.organization_id is None:
        raise DomainError("no_organization")
    targets = set(policy.target_organizations.values_list("pk", flat=True))
    if not targets.intersection(selectors.organization_ancestor_ids(person.organization)):
        raise DomainError("registration_target_only")


def _quota_room(policy: RegistrationPolicy | None, person: Person) -> Quota | None:
    """The first quota of the person's organisation (or a parent) that is full, else None."""
    if policy is None:
        return None
    for quota in selectors.quotas_for(policy, person.organization):
        if selectors.quota_seats_used(quota) >= quota.seats:
            return quota
    return None


def _require_quota(policy: RegistrationPolicy | None, person: Person) -> None:
    full = _quota_room(policy, person)
    if full is not None:
        raise DomainError(
            "quota_full", {"organization": full.organization.name, "seats": full.seats}
        )


def _place(
    *,
    activity: Activity,
    policy: RegistrationPolicy | None,
    person: Person,
    source: str,
    nominated_by: User | None,
    notice_version: int | None = None,
) -> tuple[Registration, str | None]:
    """Register ``person`` (reusing a cancelled row), waiting when the seats are taken.

    Returns the registration and its status before (None when new).
    """
    existing = (
        Registration.objects.select_for_update().filter(activity=activity, person=person).first()
    )
    if existing is not None and existing.status != Status.CANCELLED:
        raise DomainError("already_registered", {"name": person.full_name})
    full = selectors.seats(activity, policy).full
    status = Status.WAITING if full else Status.REGISTERED
    if existing is None:
        registration = Registration.objects.create(
            activity=activity, person=person, status=status, source=source,
            nominated_by=nominated_by, privacy_notice_version=notice_version,
        )  # fmt: skip
        return registration, None
    # A cancelled registration comes back at the end of the queue, as someone new would.
    existing.status, existing.source, existing.nominated_by = status, source, nominated_by
    existing.registered_at, existing.checked_in_at = timezone.now(), None
    existing.privacy_notice_version = notice_version
    existing.save(
        update_fields=["status", "source", "nominated_by", "registered_at", "checked_in_at",
                       "privacy_notice_version"]
    )  # fmt: skip
    return existing, Status.CANCELLED


def fill_seats(
    activity: Activity, policy: RegistrationPolicy | None, actor: User, skip: int | None = None
) -> list[Registration]:
    """Move waiting people up into the free seats, first come first served, skipping anyone
    whose organisation's quota is full. Never over capacity; nothing moves without one.
    ``skip``: the registration the organiser has just moved to the waiting list."""
    if policy is None:
        return []
    # No limit (any more): everyone waiting moves up, as far as their quotas allow.
    free = (
        policy.capacity - selectors.seats_held(activity)
        if policy.capacity is not None
        else float("inf")
    )
    promoted = []
    queue = (
        selectors.waiting_queue(activity)
        .exclude(pk=skip)
        .select_for_update(of=("self",))
        .select_related("person__organization", "person__user", "activity__program")
    )
    for registration in queue:
        if free <= 0:
            break
        if _quota_room(policy, registration.person) is not None:
            continue
        registration.status = Status.REGISTERED
        registration.save(update_fields=["status"])
        audit_record(
            actor=actor, action="registration.promoted", instance=registration,
            changes={"status": [Status.WAITING, Status.REGISTERED]},
        )  # fmt: skip
        registration_mail(registration, "promoted")
        promoted.append(registration)
        free -= 1
    return promoted


def activity_started(activity: Activity) -> bool:
    if activity.start_date is None:
        return False
    start = timezone.make_aware(datetime.combine(activity.start_date, time.min))
    return timezone.now() >= start


# --- registering oneself -------------------------------------------------------------
def _own_person(user: User, position: str | None, organization: Organization | None) -> Person:
    """The user's staff record, made from the account when there is none, with the
    organisation and position they corrected."""
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("organization")
        .filter(user=user)
        .first()
    )
    if person is None:
        person = Person.objects.create(
            user=user, first_name=user.first_name or user.username, last_name=user.last_name,
            email=user.email, organization=organization, position=(position or "").strip(),
        )  # fmt: skip
        audit_record(
            actor=user, action="person.created", instance=person,
            changes=snapshot(person, PERSON_FIELDS),
        )  # fmt: skip
        return person
    before = snapshot(person, ["position", "organization"])
    if position is not None:
        person.position = position.strip()
    if organization is not None:
        person.organization = organization
    changes = diff(before, snapshot(person, ["position", "organization"]))
    if changes:
        person.save(update_fields=["position", "organization"])
        audit_record(actor=user, action="person.corrected", instance=person, changes=changes)
    return person


def _shown_notice_version(notice_version: int | None) -> int | None:
    """The notice version the page showed, if it is a published one, else the one in force."""
    notice = privacy_selectors.notice_version(notice_version) if notice_version else None
    notice = notice or privacy_selectors.notice_current()
    return notice.version if notice else None


def _consents_given(
    user: User, person: Person, *, phone: str, consents: tuple[str, ...], notice_version: int | None
) -> None:
    """Record what the registrant chose to give on consent; a mobile number is kept only
    with its consent (docs/security.md, "PDPA duties")."""
    if phone and OPTIONAL_CONTACT not in consents:
        raise DomainError("consent_contact_needed")
    if OPTIONAL_CONTACT in consents and not phone:
        raise DomainError("consent_phone_needed")
    notice = privacy_selectors.notice_version(notice_version) if notice_version else None
    for purpose in consents:
        consent_give(
            actor=user, person=person, purpose=purpose, source=Consent.Source.REGISTRATION,
            notice=notice,
        )  # fmt: skip
    if phone and person.mobile != phone:
        # Into ``mobile``, never the work ``phone`` the agency listed (another lawful basis,
        # which withdrawing this consent must not clear). Not the number itself in the
        # audit: withdrawing the consent must leave it nowhere.
        audit_record(
            actor=user, action="person.corrected", instance=person,
            changes={"mobile": "given on consent"},
        )  # fmt: skip
        person.mobile = phone
        person.save(update_fields=["mobile"])


@transaction.atomic
def registration_register_self(
    *,
    user: User,
    activity: Activity,
    position: str | None = None,
    organization: Organization | None = None,
    phone: str = "",
    consents: tuple[str, ...] = (),
    notice_version: int | None = None,
) -> Registration:
    """One click: register the logged-in user for ``activity`` (waiting when it is full).

    ``position``/``organization`` correct the user's staff record first (None: keep).
    ``consents`` (purposes of ``cophub.privacy.purposes``) and ``phone`` are what the
    registrant chose to give under the notice version the page showed (``notice_version``).
    """
    if not (user and user.is_authenticated and user.is_active):
        raise DomainError("permission_denied")
    policy = _require_window(_locked_policy(activity), timezone.now())
    if policy.who == Who.NOMINATION:
        raise DomainError("registration_by_nomination")
    recorded = Person.objects.filter(user=user).select_related("organization").first()
    person = _own_person(user, position, organization)
    # The organisation already on the staff record decides who may register: a correction
    # typed now is kept, but cannot open a door the organiser closed (targets, quotas).
    deciding = recorded if recorded is not None and recorded.organization_id else person
    _require_target(policy, deciding)
    _require_quota(policy, deciding)
    registration, old = _place(
        activity=activity, policy=policy, person=person, source=Registration.Source.SELF,
        nominated_by=None, notice_version=_shown_notice_version(notice_version),
    )  # fmt: skip
    _consents_given(
        user, person, phone=phone, consents=tuple(consents), notice_version=notice_version
    )
    audit_record(
        actor=user, action="registration.self_registered", instance=registration,
        changes={"status": [old, registration.status], "person": str(person.pk)},
    )  # fmt: skip
    mail_placed(registration)
    return registration


# --- nominating ----------------------------------------------------------------------
def _nominee(actor: User, person: Person | None, new_person: dict | None) -> Person:
    if person is not None:
        return person
    data = {k: v for k, v in (new_person or {}).items() if k in PERSON_FIELDS}
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    data.setdefault("prefix", "")
    data.setdefault("last_name", "")
    data.setdefault("organization", None)
    if not data.get("first_name"):
        raise DomainError("nominee_missing")
    found, made = person_get_or_create(**data)
    if made:
        audit_record(
            actor=actor, action="person.created", instance=found,
            changes=snapshot(found, PERSON_FIELDS),
        )  # fmt: skip
    return found


@transaction.atomic
def registration_nominate(
    *,
    actor: User,
    activity: Activity,
    person: Person | None = None,
    new_person: dict | None = None,
    notice_version: int | None = None,
) -> Registration:
    """A coordinator registers a member of their organisation's staff (its units included),
    within the organisation's quota; or the organiser adds anyone, any time.

    ``new_person`` (prefix, first_name, last_name, position, organization, email) is found
    by e-mail or name, or made. ``notice_version``: the privacy notice the nominating page
    showed (the nominator tells the nominee; default: the one in force), recorded on the
    registration.
    """
    if not (actor and actor.is_authenticated and actor.is_active):
        raise DomainError("permission_denied")
    policy = _locked_policy(activity)
    organiser = can_manage_participants(actor, activity)
    if not organiser:
        coordinated = coordinated_organizations(actor)
        if not coordinated:
            raise DomainError("permission_denied")
        _require_window(policy, timezone.now())
    person = _nominee(actor, person, new_person)
    if not organiser:
        mine = selectors.organization_subtree_ids(coordinated)
        if person.organization_id not in mine:
            # Name the person as typed: a typed e-mail may have found someone elsewhere,
            # whose name a coordinator must not learn from this message.
            typed = " ".join(
                (new_person or {}).get(k, "") or "" for k in ("first_name", "last_name")
            ).strip()
            raise DomainError("not_your_organization", {"name": typed or person.full_name})
        _require_target(policy, person)
        _require_quota(policy, person)
    source = Registration.Source.ORGANISER if organiser else Registration.Source.NOMINATED
    registration, old = _place(
        activity=activity, policy=policy, person=person, source=source,
        nominated_by=None if organiser else actor,
        notice_version=_shown_notice_version(notice_version),
    )  # fmt: skip
    audit_record(
        actor=actor, action="registration.nominated", instance=registration,
        changes={"status": [old, registration.status], "person": str(person.pk), "source": source},
    )  # fmt: skip
    mail_placed(registration)
    return registration


# --- cancelling and statuses ---------------------------------------------------------
def _lock(registration: Registration) -> tuple[RegistrationPolicy | None, Registration]:
    # Policy first, then the row: the order every seat-changing write takes its locks in.
    policy = _locked_policy(registration.activity_id)
    locked = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("activity__program", "person__user")
        .get(pk=registration.pk)
    )
    return policy, locked


def may_cancel(user, registration: Registration) -> bool:
    """The person, whoever nominated them, and the organiser, while the activity has not begun."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return (
        registration.person.user_id == user.pk
        or registration.nominated_by_id == user.pk
        or can_manage_participants(user, registration.activity)
    )


@transaction.atomic
def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """Cancel until the activity starts (its first day, local midnight). A freed seat goes
    to the first waiting person, who is told by e-mail."""
    policy, registration = _lock(registration)
    if not may_cancel(actor, registration):
        raise DomainError("permission_denied")
    if registration.status == Status.CANCELLED:
        return registration  # a second click: already done
    if activity_started(registration.activity) or registration.status in (
        Status.ATTENDED, Status.NO_SHOW,
    ):  # fmt: skip
        raise DomainError("cancel_too_late")
    old = registration.status
    registration.status = Status.CANCELLED
    registration.save(update_fields=["status"])
    audit_record(
        actor=actor, action="registration.cancelled", instance=registration,
        changes={"status": [old, Status.CANCELLED]},
    )  # fmt: skip
    if old in Registration.HOLDS_SEAT:
        fill_seats(registration.activity, policy, actor)
    return registration


@transaction.atomic
def registration_status_set(
    *, actor: User, registration: Registration, status: str
) -> Registration:
    """The organiser sets any status. Their choice may over-fill; a seat it frees goes to
    the waiting list (which never over-fills)."""
    policy, registration = _lock(registration)
    require_manage_participants(actor, registration.activity)
    if status not in Status.values:
        raise DomainError("invalid_status")
    old = registration.status
    if old == status:
        return registration
    registration.status = status
    if status == Status.ATTENDED:
        registration.checked_in_at = registration.checked_in_at or timezone.now()
    else:
        registration.checked_in_at = None  # an undone check-in is no check-in
    registration.save(update_fields=["status", "checked_in_at"])
    audit_record(
        actor=actor, action="registration.status_changed", instance=registration,
        changes={"status": [old, status]},
    )  # fmt: skip
    if old == Status.WAITING and status == Status.REGISTERED:
        registration_mail(registration, "promoted")
    if old in Registration.HOLDS_SEAT and status not in Registration.HOLDS_SEAT:
        fill_seats(registration.activity, policy, actor, skip=registration.pk)
    return registration
