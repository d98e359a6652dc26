"""An activity's registration settings: open and close times, capacity, who may register,
target organisations, quotas and the check-in window."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cophub.accounts.models import User
from cophub.core.audit import audit_record, diff, snapshot
from cophub.core.errors import DomainError, Problem
from cophub.participants.models import Quota, RegistrationPolicy
from cophub.participants.permissions import require_manage_participants
from cophub.participants.services.registration import fill_seats
from cophub.programs.models import Activity

Who = RegistrationPolicy.Who
POLICY_FIELDS = [
    "is_open", "opens_at", "closes_at", "capacity", "who", "checkin_opens_at", "checkin_closes_at",
]  # fmt: skip


def _policy_state(policy: RegistrationPolicy) -> dict:
    state = snapshot(policy, POLICY_FIELDS)
    if policy.pk is None:
        return {**state, "target_organizations": [], "quotas": {}}
    state["target_organizations"] = sorted(policy.target_organizations.values_list("pk", flat=True))
    state["quotas"] = {
        str(q.organization_id): q.seats for q in policy.quotas.order_by("organization_id")
    }
    return state


def _check_policy(policy: RegistrationPolicy, targets) -> None:
    problems = []
    if policy.opens_at and policy.closes_at and policy.closes_at <= policy.opens_at:
        problems.append(Problem("closes_at", _("Registration must close after it opens.")))
    if (
        policy.checkin_opens_at
        and policy.checkin_closes_at
        and policy.checkin_closes_at <= policy.checkin_opens_at
    ):
        problems.append(Problem("checkin_closes_at", _("Check-in must close after it opens.")))
    if policy.who == Who.TARGET_ORGANIZATIONS and not targets:
        problems.append(Problem("target_organizations", _("Choose the target organisations.")))
    if policy.who not in Who.values:
        problems.append(Problem("who", _("Choose who may register.")))
    if problems:
        raise DomainError("invalid_policy", problems=problems)


@transaction.atomic
def policy_update(*, actor: User, activity: Activity, **fields) -> RegistrationPolicy:
    """Change an activity's registration settings: any of ``POLICY_FIELDS``, and
    ``target_organizations`` (organisations) and ``quotas`` ({organisation: seats}),
    which replace the old ones. More capacity moves waiting people up at once."""
    require_manage_participants(actor, activity)
    unknown = set(fields) - {*POLICY_FIELDS, "target_organizations", "quotas"}
    if unknown:
        raise TypeError(f"policy_update() got unexpected fields: {sorted(unknown)}")
    policy, _created = RegistrationPolicy.objects.select_for_update().get_or_create(
        activity=activity
    )
    before = _policy_state(policy) if not _created else _policy_state(RegistrationPolicy())
    for name in POLICY_FIELDS:
        if name in fields:
            setattr(policy, name, fields[name])
    targets = fields.get("target_organizations")
    if targets is None:
        targets = list(policy.target_organizations.all())
    _check_policy(policy, targets)
    policy.save()
    policy.target_organizations.set(targets)
    if "quotas" in fields:
        quotas = {org: seats for org, seats in fields["quotas"].items() if seats is not None}
        policy.quotas.exclude(organization__in=list(quotas)).delete()
        for organization, seats in quotas.items():
            Quota.objects.update_or_create(
                policy=policy, organization=organization, defaults={"seats": seats}
            )
    changes = diff(before, _policy_state(policy))
    if changes:
        audit_record(
            actor=actor, action="registration_policy.updated", instance=policy, changes=changes
        )
    fill_seats(activity, policy, actor)
    return policy
