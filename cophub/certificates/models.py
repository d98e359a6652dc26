"""Certificates (เกียรติบัตร) of attendance: a design per program or activity, who gets one
or not by the organiser's decision, each certificate with its number and verification
code, and the PDF files made for it (a re-issue adds one and marks the old one replaced).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cophub.orgs.models import Person
from cophub.programs.models import Activity, Program


def new_code() -> str:
    """256 random bits, URL-safe: the verification code in the QR (≥ 128 bits asked)."""
    return secrets.token_urlsafe(32)


class Heading(models.TextChoices):
    CERTIFICATE = "เกียรติบัตร", "เกียรติบัตร"
    DIPLOMA = "วุฒิบัตร", "วุฒิบัตร"
    ATTESTATION = "หนังสือรับรอง", "หนังสือรับรอง"


class Design(models.Model):
    """How a program's (or one activity's) certificates look; an activity without its
    own uses its program's, and a program without one the Thai default."""

    program = models.OneToOneField(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="certificate_design"
    )
    activity = models.OneToOneField(
        Activity, null=True, blank=True, on_delete=models.CASCADE,
        related_name="certificate_design",
    )  # fmt: skip
    heading = models.CharField(
        _("heading"), max_length=20, choices=Heading.choices, default=Heading.CERTIFICATE
    )
    issuer = models.CharField(
        _("issuing organisation"), max_length=300, blank=True,
        help_text=_("Empty: the program's organisation."),
    )  # fmt: skip
    reason = models.CharField(
        _("reason line"), max_length=300, blank=True,
        help_text=_("Empty: from the kind of activity, e.g. ได้เข้าร่วมการศึกษาดูงาน."),
    )  # fmt: skip
    logo = models.FileField(_("logo"), upload_to="certificates/designs/", blank=True)
    requires_survey = models.BooleanField(
        _("only for those who answered the survey"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate designs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(program__isnull=True) ^ models.Q(activity__isnull=True),
                name="certificate_design_for_one",
            )
        ]

    def __str__(self) -> str:
        return str(self.activity or self.program)


class Signatory(models.Model):
    """One of at most three people who sign a design's certificates."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="signatories")
    position = models.PositiveSmallIntegerField()  # 1..3, left to right
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("position"), max_length=300, blank=True)
    signature = models.FileField(
        _("signature image"), upload_to="certificates/signatures/", blank=True
    )

    class Meta:
        ordering = ["design", "position"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(fields=["design", "position"], name="one_signatory_a_place")
        ]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """The organiser's word on one person: a certificate though the rule says no
    (``grant``), or none though it says yes (``withhold``), always with a reason."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Give a certificate")
        WITHHOLD = "withhold", _("Withhold the certificate")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="certificate_decisions"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("decision"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certificate decision")
        verbose_name_plural = _("certificate decisions")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="one_decision_a_person")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"


class Certificate(models.Model):
    """One person's certificate of one activity. Its number (per program and fiscal year
    of issue, in issue order) and code never change and are never reused."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="certificates")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    fiscal_year = models.PositiveSmallIntegerField()  # B.E., of the issue date
    serial = models.PositiveIntegerField()  # 1, 2, 3… within program and fiscal year
    code = models.CharField(max_length=64, unique=True, default=new_code)
    # What the certificate says, as printed: the verify page shows this, not today's data.
    name = models.CharField(_("name"), max_length=400)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=500, blank=True)
    erased = models.BooleanField(default=False)  # revoked by the person's erasure (PDPA)

    class Meta:
        ordering = ["program", "fiscal_year", "serial"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "fiscal_year", "serial"], name="certificate_number_once"
            ),
            models.UniqueConstraint(fields=["activity", "person"], name="one_certificate_each"),
        ]

    def __str__(self) -> str:
        return f"{self.serial:03d}/{self.fiscal_year}"

    @property
    def number(self) -> str:
        from cophub.core.thai import thai_digits

        return thai_digits(f"{self.serial:03d}/{self.fiscal_year}")

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID


class CertificateFile(models.Model):
    """A PDF made for a certificate. A re-issue (a corrected name) adds one and sets
    ``replaced_at`` on the one before: the current file is the one not replaced."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="certificates/files/")
    fingerprint = models.CharField(max_length=64)  # of what was printed: unchanged, no re-issue
    created_at = models.DateTimeField(auto_now_add=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["certificate", "created_at", "pk"]
        verbose_name = _("certificate file")
        verbose_name_plural = _("certificate files")

    def __str__(self) -> str:
        return self.file.name
