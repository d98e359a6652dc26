"""Reads: the design that applies, who is due a certificate, counts, the public check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db.models import Count, F

from cophub.certificates.models import Certificate, Decision, Design, Heading
from cophub.core import thai
from cophub.participants.exports import participant_list
from cophub.programs.models import Activity, Registration
from cophub.programs.permissions import can_edit_program

REASONS = {
    Activity.Kind.STUDY_VISIT: "ได้เข้าร่วมการศึกษาดูงาน",
    Activity.Kind.SEMINAR: "ได้เข้าร่วมการสัมมนา",
    Activity.Kind.WORKSHOP: "ได้เข้าร่วมการประชุมเชิงปฏิบัติการ",
    Activity.Kind.MEETING: "ได้เข้าร่วมการประชุมแลกเปลี่ยนเรียนรู้",
    Activity.Kind.ONLINE: "ได้เข้าร่วมกิจกรรมออนไลน์",
    Activity.Kind.OTHER: "ได้เข้าร่วมกิจกรรม",
}
IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def may_manage(user, activity: Activity) -> bool:
    """Issuing, revoking, deciding, the design: the program's owner, its co-organisers and
    admins. A facilitator works the door and reads results, and does none of this."""
    return can_edit_program(user, activity.program)


def design_for(activity: Activity) -> Design:
    """The activity's own design, else its program's, else the default (not saved)."""
    found = {
        ("activity" if d.activity_id else "program"): d
        for d in Design.objects.filter(activity=activity)
        | Design.objects.filter(program_id=activity.program_id)
    }
    return found.get("activity") or found.get("program") or Design(program=activity.program)


def opening(heading: str) -> str:
    if heading == Heading.ATTESTATION:
        return "หนังสือรับรองฉบับนี้ให้ไว้เพื่อแสดงว่า"
    return f"ขอมอบ{heading}ฉบับนี้ไว้เพื่อแสดงว่า"


def _image(field, height: int = 200) -> str:
    from cophub.certificates.pdf import image_svg

    if not field:
        return ""
    try:
        with default_storage.open(field.name, "rb") as fh:
            data = fh.read()
    except OSError:
        return ""
    mime = next((m for head, m in IMAGE_TYPES.items() if data.startswith(head)), None)
    if mime is None:
        return ""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        w, h = im.size
    return image_svg(data, mime, w, h)


def when_text(activity: Activity) -> str:
    if not activity.start_date:
        return ""
    dates = thai.thai_date_range(activity.start_date, activity.end_date)
    several = activity.end_date and activity.end_date != activity.start_date
    return ("ระหว่างวันที่ " if several else "เมื่อวันที่ ") + dates


def layout(activity: Activity, design: Design, place: str) -> dict:
    """Everything a design prints that is the same on every certificate of the activity."""
    program = activity.program
    issuer = design.issuer or (program.organization.name if program.organization_id else "")
    signatories = list(design.signatories.all()) if design.pk else []
    return {
        "title": design.heading,
        "logo": _image(design.logo),
        "issuer": issuer,
        "heading": design.heading,
        "opening": opening(design.heading),
        "reason": design.reason or REASONS.get(activity.kind, REASONS[Activity.Kind.OTHER]),
        "activity": f"ครั้งที่ {thai.thai_digits(activity.number)} เรื่อง {activity.title}",
        "program": program.title,
        "when": when_text(activity),
        "place": place,
        "signatories": [
            {"name": s.name, "position": s.title, "signature": _image(s.signature)}
            for s in signatories
        ],
    }


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    status: str  # the registration's
    answered: bool
    due: bool  # gets a certificate at the next issue
    decision: Decision | None
    certificate: Certificate | None

    @property
    def status_label(self) -> str:
        return Registration.Status(self.status).label


def candidates(activity: Activity, design: Design) -> tuple[list[Candidate], str]:
    """Everyone registered (not cancelled), in the participant list's Thai order, with
    whether they are due a certificate: attended (and, if the design asks, answered the
    survey: the registration's anonymous answered flag), unless the organiser decided
    otherwise. Also the activity's place. A fixed number of queries."""
    plist = participant_list(activity=activity)
    answered = set(
        Registration.objects.filter(activity=activity, survey_answered=True).values_list(
            "person_id", flat=True
        )
    )
    decisions = {d.person_id: d for d in Decision.objects.filter(activity=activity)}
    issued = {c.person_id: c for c in Certificate.objects.filter(activity=activity)}
    out = []
    for row in plist.rows:
        pid = row.person_id
        rule = row.status == Registration.Status.ATTENDED and (
            pid in answered or not design.requires_survey
        )
        decision = decisions.get(pid)
        if decision is not None:
            rule = decision.kind == Decision.Kind.GRANT
        out.append(Candidate(pid, row.name, row.status, pid in answered, rule, decision,
                             issued.get(pid)))  # fmt: skip
    return out, plist.place


def current(qs):
    return qs.filter(status=Certificate.Status.VALID)


GROUPS = {
    "activity": "activity_id",
    "organization": "person__organization_id",
    "scope": "person__organization__scope",
    "province": "person__organization__province_id",
}


def certificate_counts(*, activity_ids: Iterable[int], by: str = "activity") -> dict[object, int]:
    """Certificates issued and current (not revoked; a re-issue is the same certificate),
    grouped by ``by`` (docs: the contract with the dashboard); one query. Absent keys: 0."""
    if by not in GROUPS:
        raise ValueError(by)
    rows = (
        current(Certificate.objects.filter(activity_id__in=list(activity_ids)))
        .annotate(key=F(GROUPS[by]))
        .values("key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out = {r["key"] if r["key"] != "" else None: r["n"] for r in rows}
    return out


def activity_certificates(activity: Activity) -> list[Certificate]:
    return list(
        Certificate.objects.filter(activity=activity).select_related("person").order_by("serial")
    )


def current_file(certificate: Certificate):
    return certificate.files.filter(replaced_at=None).order_by("-created_at", "-pk").first()


def by_code(code: str) -> Certificate | None:
    if not code or len(code) > 64:
        return None
    return (
        Certificate.objects.filter(code=code)
        .select_related("activity__program__organization")
        .first()
    )


def public_facts(c: Certificate) -> dict:
    """What anyone holding the code may read, and nothing else: no contact, no ID."""
    a = c.activity
    design = design_for(a)
    program = a.program
    issuer = design.issuer or (program.organization.name if program.organization_id else "")
    dates = thai.thai_date_range(a.start_date, a.end_date) if a.start_date else ""
    return {
        "status": c.status,
        "name": None if c.erased else c.name,
        "activity": f"ครั้งที่ {thai.thai_digits(a.number)} เรื่อง {a.title}",
        "program": program.title,
        "dates": dates,
        "issuer": issuer,
        "number": c.number,
        "issued_on": c.issued_on.isoformat(),
        "issued_on_th": thai.thai_date(c.issued_on),
        "revoked_at": c.revoked_at,
    }


def activity_panel(user, activity: Activity) -> dict:
    """The activity page's link to its certificates, for those who issue them (2 queries)."""
    if not may_manage(user, activity):
        return {}
    counts = certificate_counts(activity_ids=[activity.pk])
    return {"certificates_panel": {"issued": counts.get(activity.pk, 0)}}


def own_certificates(user) -> list[Certificate]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Certificate.objects.filter(person__user=user)
        .select_related("activity__program")
        .order_by("-issued_on", "-pk")
    )


def profile_panel(user) -> dict:
    return {"own_certificates": own_certificates(user)}
