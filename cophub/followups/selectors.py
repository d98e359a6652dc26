"""Reads of follow-up surveys: adoption figures (the contract other apps call), a
follow-up's results, the activity panel, the report's measured outcomes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from cophub.core.thai import thai_sorted
from cophub.followups.models import APPLIED_VALUES, Answer, FollowUp, Invitation
from cophub.programs.models import Activity
from cophub.programs.permissions import can_edit_program, can_work_on_program
from cophub.surveys.words import comment_words

PANEL_TEMPLATE = "followups/_panel.html"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Adoption:
    invited: int  # attendees a follow-up was sent to
    answered: int  # of them, answered
    applied: int  # of them, answered "ได้นำไปใช้แล้ว" or "บางส่วน"

    @property
    def rate(self) -> Decimal | None:
        """applied / answered × 100, to 2 places (half up); None if nobody answered."""
        if not self.answered:
            return None
        return (Decimal(self.applied) * 100 / Decimal(self.answered)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )

    @property
    def response_rate(self) -> Decimal | None:
        if not self.invited:
            return None
        return (Decimal(self.answered) * 100 / Decimal(self.invited)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )


_KEYS = {
    "organization": "organization_id",
    "scope": "organization__scope",
    "province": "organization__province_id",
}
_APPLIED = Q(answer__applied__in=APPLIED_VALUES)


def adoption_by(*, activity_ids: Iterable[int], by: str = "activity") -> dict[object, Adoption]:
    """Adoption of these activities' follow-ups grouped by ``by`` ("activity",
    "organization", "scope", "province"), in one query. Activities without a follow-up
    are absent; one set up but not sent yet counts zero invited."""
    ids = list(activity_ids)
    if by == "activity":
        rows = (
            FollowUp.objects.filter(activity_id__in=ids)
            .values("activity_id")
            .annotate(
                invited=Count("invitations"),
                answered=Count("invitations__answer"),
                applied=Count(
                    "invitations__answer",
                    filter=Q(invitations__answer__applied__in=APPLIED_VALUES),
                ),
            )
            .order_by()
        )
        key = "activity_id"
    elif by in _KEYS:
        key = _KEYS[by]
        rows = (
            Invitation.objects.filter(followup__activity_id__in=ids)
            .values(key)
            .annotate(
                invited=Count("pk"),
                answered=Count("answer"),
                applied=Count("answer", filter=_APPLIED),
            )
            .order_by()
        )
    else:
        raise ValueError(f"adoption_by: unknown grouping {by!r}")
    return {
        row[key] or None: Adoption(row["invited"], row["answered"], row["applied"]) for row in rows
    }


# --- one follow-up's results --------------------------------------------------------------
@dataclass
class Results:
    followup: FollowUp
    total: Adoption
    by_choice: dict[str, int]
    by_organization: list[tuple[str | None, Adoption]]
    by_scope: list[tuple[str | None, Adoption]]
    top_words: list[tuple[str, int]] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)


def _grouped(invitations, key: str) -> list[tuple[object, Adoption]]:
    rows = (
        invitations.values(key)
        .annotate(
            invited=Count("pk"), answered=Count("answer"), applied=Count("answer", filter=_APPLIED)
        )
        .order_by()
    )
    return [(row[key], Adoption(row["invited"], row["answered"], row["applied"])) for row in rows]


def followup_results(*, followup: FollowUp, words: int = 15) -> Results:
    """Adoption overall, by organisation and by central/regional, the frequent words of
    the answers, and the answers themselves (a fixed number of queries)."""
    invitations = Invitation.objects.filter(followup=followup)
    by_org = _grouped(invitations, "organization__name")
    by_org = sorted(thai_sorted(by_org, key=lambda r: r[0] or ""), key=lambda r: -r[1].invited)
    by_scope = sorted(_grouped(invitations, "organization__scope"), key=lambda r: str(r[0]))
    answers = list(
        Answer.objects.filter(invitation__followup=followup)
        .select_related("invitation__organization")
        .order_by("answered_at", "pk")
    )
    choices = Counter(a.applied for a in answers)
    counted: Counter[str] = Counter()
    for a in answers:
        counted.update(comment_words(a.text))
    total = Adoption(
        invited=sum(a.invited for _k, a in by_scope),
        answered=len(answers),
        applied=sum(n for choice, n in choices.items() if choice in APPLIED_VALUES),
    )
    return Results(
        followup=followup, total=total, by_choice=dict(choices), by_organization=by_org,
        by_scope=by_scope,
        top_words=sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:words],
        answers=answers,
    )  # fmt: skip


def followup_of(activity_id: int) -> FollowUp | None:
    return (
        FollowUp.objects.filter(activity_id=activity_id).select_related("activity__program").first()
    )


def printable_invitations(*, followup: FollowUp, everyone: bool = False) -> list[Invitation]:
    """Those whose link goes on paper: without e-mail (or everyone), not answered yet."""
    rows = followup.invitations.filter(answered_at__isnull=True).select_related(
        "person", "organization"
    )
    if not everyone:
        rows = rows.filter(email=False)
    return thai_sorted(list(rows), key=lambda i: i.person.full_name)


def my_answer(user, activity: Activity) -> Answer | None:
    """The logged-in user's own answer to this activity's follow-up."""
    if not (user and user.is_authenticated):
        return None
    return (
        Answer.objects.filter(
            invitation__followup__activity=activity, invitation__person__user=user
        )
        .select_related("invitation__person")
        .first()
    )


def activity_panel(user, activity: Activity) -> dict:
    """The activity page's follow-up panel (programs.hooks): its settings and figures for
    the program's team, the user's own answer for an attendee."""
    program = activity.program
    followup = getattr(activity, "followup", None)
    context = {
        "followup": followup,
        "followup_may_edit": can_edit_program(user, program),
        "followup_may_read": can_work_on_program(user, program),
        "followup_today": timezone.localdate(),
    }
    if followup is not None and context["followup_may_read"]:
        context["followup_adoption"] = adoption_by(activity_ids=[activity.pk]).get(activity.pk)
    context["followup_my_answer"] = my_answer(user, activity) if followup else None
    return context


def report_adoption(activity_ids: list[int]) -> dict[int, Adoption]:
    """The report's measured outcomes (reports.hooks.ADOPTION)."""
    return adoption_by(activity_ids=activity_ids)
