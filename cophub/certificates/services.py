"""Writes: the design, the organiser's decisions, issuing (run by the job) and revoking.

Each service checks permission (``selectors.may_manage``: owner, co-organisers, admins),
runs in one transaction and writes its audit row.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cophub.certificates import pdf
from cophub.certificates.models import Certificate, CertificateFile, Decision, Design, Signatory
from cophub.certificates.selectors import candidates, design_for, layout, may_manage
from cophub.core import thai
from cophub.core.audit import audit_record
from cophub.core.errors import DomainError
from cophub.orgs.models import Person
from cophub.programs.models import Activity, Program, Registration

ISSUE_KIND = "certificates.issue"
IMAGE_MAX_BYTES = 1024 * 1024
IMAGE_MAX_SIDE = 4000
MAX_SIGNATORIES = 3


def _require(actor, activity: Activity) -> None:
    if not may_manage(actor, activity):
        raise DomainError("permission_denied")


def _reason(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise DomainError("certificate_reason_required")
    return text[:500]


# --- images ---------------------------------------------------------------------------
def validate_image(upload) -> ContentFile:
    """A PNG or JPEG Pillow can read, ≤ 1 MB and ≤ 4000 px a side; anything else (a
    renamed file, a decompression bomb, an SVG with scripts) is refused."""
    from PIL import Image, UnidentifiedImageError

    bad = DomainError(
        "certificate_bad_image",
        {"mb": thai.thai_digits(IMAGE_MAX_BYTES // (1024 * 1024)),
         "px": thai.thai_number(IMAGE_MAX_SIDE)},
    )  # fmt: skip
    if upload.size is None or upload.size > IMAGE_MAX_BYTES:
        raise bad
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as im:
            kind, (w, h) = im.format, im.size
            if kind not in {"PNG", "JPEG"} or max(w, h) > IMAGE_MAX_SIDE:
                raise bad
            im.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise bad from None
    suffix = "png" if kind == "PNG" else "jpg"
    return ContentFile(data, name=f"image.{suffix}")


# --- design ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SignatoryIn:
    name: str
    title: str = ""
    signature: object = None  # an upload, or None to keep the one there
    clear_signature: bool = False


@transaction.atomic
def design_update(
    *, actor, activity: Activity, for_program: bool = False, heading: str, issuer: str = "",
    reason: str = "", requires_survey: bool = False, logo=None, clear_logo: bool = False,
    signatories: list[SignatoryIn] = (),
) -> Design:  # fmt: skip
    """Save the activity's own design, or its program's (``for_program``), which every
    activity without its own uses."""
    _require(actor, activity)
    if len(signatories) > MAX_SIGNATORIES:
        raise DomainError("certificate_too_many_signatories")
    logo_file = validate_image(logo) if logo else None
    images = [validate_image(s.signature) if s.signature else None for s in signatories]
    where = {"program": activity.program} if for_program else {"activity": activity}
    design, _new = Design.objects.select_for_update().get_or_create(**where)
    design.heading, design.issuer, design.reason = heading, issuer.strip(), reason.strip()
    design.requires_survey = requires_survey
    if logo_file is not None or clear_logo:
        if design.logo:
            design.logo.delete(save=False)
        if logo_file is not None:
            design.logo.save(logo_file.name, logo_file, save=False)
    design.save()
    old = {s.position: s for s in design.signatories.all()}
    for n, (s, image) in enumerate(zip(signatories, images, strict=True), 1):
        row = old.pop(n, None) or Signatory(design=design, position=n)
        row.name, row.title = s.name.strip(), s.title.strip()
        if (image is not None or s.clear_signature) and row.signature:
            row.signature.delete(save=False)
        if image is not None:
            row.signature.save(image.name, image, save=False)
        row.save()
    for gone in old.values():
        if gone.signature:
            gone.signature.delete(save=False)
        gone.delete()
    audit_record(
        actor=actor, action="certificate_design.updated", instance=design,
        changes={"heading": heading, "issuer": issuer, "reason": reason,
                 "requires_survey": requires_survey, "signatories": len(signatories)},
    )  # fmt: skip
    return design


# --- decisions ------------------------------------------------------------------------
@transaction.atomic
def certificate_decide(
    *, actor, activity: Activity, person: Person, kind: str, reason: str
) -> Decision:
    """Give a certificate to a registered person the rule leaves out, or withhold one
    not issued yet (an issued one is revoked instead)."""
    _require(actor, activity)
    reason = _reason(reason)
    kind = Decision.Kind(kind)
    registered = Registration.objects.filter(activity=activity, person=person).exclude(
        status=Registration.Status.CANCELLED
    )
    if not registered.exists():
        raise DomainError("certificate_not_registered", {"name": person.full_name})
    if Certificate.objects.filter(activity=activity, person=person).exists():
        raise DomainError("certificate_already_issued", {"name": person.full_name})
    decision, _new = Decision.objects.update_or_create(
        activity=activity, person=person,
        defaults={"kind": kind, "reason": reason, "decided_by": actor},
    )  # fmt: skip
    audit_record(
        actor=actor, action="certificate.decided", instance=decision,
        changes={"activity": activity.pk, "person": person.pk, "kind": kind.value,
                 "reason": reason},
    )  # fmt: skip
    return decision


# --- revoking -------------------------------------------------------------------------
@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoked from now on: the verify page and API say so, with the date. Final: the
    number and code are never given again."""
    _require(actor, certificate.activity)
    reason = _reason(reason)
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not locked.is_valid:
        raise DomainError("certificate_revoked")
    locked.status, locked.revoked_at = Certificate.Status.REVOKED, timezone.now()
    locked.revoke_reason = reason
    locked.save(update_fields=["status", "revoked_at", "revoke_reason"])
    # The print-all file holds the revoked page: gone once this commits, so nobody prints
    # it again; issuing again makes a new one (and a new ZIP) of the valid ones.
    transaction.on_commit(lambda: drop_merged(locked.activity_id))
    audit_record(
        actor=actor, action="certificate.revoked", instance=locked, changes={"reason": reason}
    )
    return locked


# --- issuing --------------------------------------------------------------------------
@dataclass
class Issued:
    new: int = 0
    reissued: int = 0
    unchanged: int = 0
    certificates: list[Certificate] = field(default_factory=list)  # current, in Thai order
    files: list[bytes] = field(default_factory=list)  # the PDF of each, same order
    merged: bytes = b""

    @property
    def total(self) -> int:
        return len(self.certificates)


def _file_name(c: Certificate) -> str:
    return f"certificate-{c.serial:03d}-{c.fiscal_year}-{c.pk}.pdf"


@transaction.atomic
def certificates_issue(*, actor, activity: Activity, progress=None) -> Issued:
    """Issue the certificates due: a number and code for each new one (the next free
    numbers of the program's fiscal year, in the list's Thai order), a PDF for each whose
    printed text changed (a corrected name: same number and code, the old file marked
    replaced), and every current one's PDF again for the ZIP and the merged print file.

    ``progress(done, total)``. Revoked certificates stay revoked and are not made again."""
    _require(actor, activity)
    activity = Activity.objects.select_related("program__organization").get(pk=activity.pk)
    Program.objects.select_for_update().filter(pk=activity.program_id).first()  # numbering
    design = design_for(activity)
    people, place = candidates(activity, design)
    page_layout = layout(activity, design, place)
    today = timezone.localdate()
    fy = thai.fiscal_year(today)
    last = (
        Certificate.objects.filter(program_id=activity.program_id, fiscal_year=fy).aggregate(
            m=Max("serial")
        )["m"]
        or 0
    )
    out = Issued()
    chosen: list[tuple[Certificate, str]] = []
    for cand in people:
        cert = cand.certificate
        if cert is None:
            if not cand.due:
                continue
            last += 1
            cert = Certificate.objects.create(
                activity=activity, program_id=activity.program_id, person_id=cand.person_id,
                fiscal_year=fy, serial=last, name=cand.name, issued_on=today,
            )  # fmt: skip
            out.new += 1
        elif not cert.is_valid:
            continue
        elif cert.name != cand.name:  # a corrected name: the same number and code
            cert.name = cand.name
            cert.save(update_fields=["name"])
        chosen.append((cert, cand.name))
    total = len(chosen) + 1
    pages = [
        pdf.Page(name=c.name, number=c.number, issued=thai.thai_date(c.issued_on), code=c.code)
        for c, _n in chosen
    ]
    if progress:
        progress(0, total)
    merged = pdf.render(
        page_layout, pages, progress=(lambda n: progress(n, total)) if progress else None
    )
    files = pdf.split(merged, [f"{page_layout['heading']} {p.number}" for p in pages])
    currents = {
        f.certificate_id: f
        for f in CertificateFile.objects.filter(
            certificate__in=[c for c, _n in chosen], replaced_at=None
        )
    }
    now = timezone.now()
    written: list[str] = []
    try:
        for (cert, _n), page, body in zip(chosen, pages, files, strict=True):
            mark = pdf.fingerprint(page_layout, page)
            old = currents.get(cert.pk)
            if old is not None and old.fingerprint == mark:
                out.unchanged += 1
            else:
                if old is not None:
                    CertificateFile.objects.filter(pk=old.pk).update(replaced_at=now)
                    out.reissued += 1
                row = CertificateFile(certificate=cert, fingerprint=mark)
                row.file.save(_file_name(cert), ContentFile(body), save=False)
                written.append(row.file.name)
                row.save()
            out.certificates.append(cert)
    except BaseException:
        # The rows roll back with the transaction; the files storage holds would not.
        for name in written:
            default_storage.delete(name)
        raise
    out.files, out.merged = files, merged
    audit_record(
        actor=actor, action="certificate.issued", instance=activity,
        changes={"new": out.new, "reissued": out.reissued, "total": out.total},
    )  # fmt: skip
    if progress:
        progress(total, total)
    return out


def issued_zip(issued: Issued) -> bytes:
    """One PDF per person and the merged one for printing, in one ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for c, body in zip(issued.certificates, issued.files, strict=True):
            z.writestr(f"{c.serial:03d}-{c.fiscal_year} {c.name}.pdf", body)
        z.writestr("print-all.pdf", issued.merged)
    return buffer.getvalue()


def certificates_issue_start(*, actor, activity: Activity):
    """Issue as a job with progress (the page and the API); the job checks again."""
    from cophub.jobs.services import job_start

    _require(actor, activity)
    return job_start(
        actor=actor, kind=ISSUE_KIND, params={"activity_id": activity.pk},
        subject=activity.title, back_url=activity.get_absolute_url(),
    )  # fmt: skip


def merged_path(activity_id: int) -> str:
    return f"certificates/print/activity-{activity_id}.pdf"


def drop_merged(activity_id: int) -> None:
    path = merged_path(activity_id)
    if default_storage.exists(path):
        default_storage.delete(path)


def save_merged(activity_id: int, body: bytes) -> str:
    drop_merged(activity_id)
    return default_storage.save(merged_path(activity_id), ContentFile(body))
