"""What registration tells people: the confirmation, waiting-list and moved-up e-mails, in
Thai, and the personal check-in QR they carry (the code alone, never a URL)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cophub.core.thai import thai_date, thai_digits
from cophub.outbox.services import message_queue
from cophub.participants import selectors
from cophub.programs.models import Registration

Status = Registration.Status


# --- the personal check-in QR ------------------------------------------------------
def checkin_qr(code: str, *, kind: str = "svg", scale: int = 10) -> bytes:
    """The QR of a check-in code alone (not a URL): only the door's scanner reads it.

    Error correction Q: it still scans from a cracked phone screen or a creased print.
    """
    out = io.BytesIO()
    options = {"xmldecl": False} if kind == "svg" else {}
    segno.make(code, error="q", micro=False).save(out, kind=kind, scale=scale, border=4, **options)
    return out.getvalue()


def _recipient(registration: Registration) -> str:
    person = registration.person
    if person.email:
        return person.email
    return person.user.email if person.user_id and person.user.email else ""


def registration_mail(registration: Registration, kind: str) -> None:
    """Queue the confirmation, waiting-list or moved-up mail, in Thai, with the QR.

    The outbox sends it once the transaction commits; a rolled-back registration sends
    nothing. The key makes one message per registration, kind and time registered.
    """
    to = _recipient(registration)
    if not to:
        return
    activity = registration.activity
    link = settings.SITE_URL + reverse("participants:registration", args=[registration.pk])
    with translation.override("th"):
        facts = {
            "name": registration.person.full_name,
            "activity": _("%(program)s · Activity no. %(number)s: %(title)s")
            % {
                "program": activity.program.title,
                "number": thai_digits(activity.number),
                "title": activity.title,
            },
            "date": thai_date(activity.start_date) if activity.start_date else "—",
            "link": link,
        }
        if kind == "waiting":
            facts["position"] = thai_digits(selectors.waiting_position(registration) or 1)
            subject = _("You are on the waiting list: %(activity)s") % facts
            body = (
                _(
                    "Dear %(name)s,\n\nThe seats of %(activity)s (%(date)s) are all taken, so "
                    "you are on the waiting list, in position %(position)s. If a seat frees up "
                    "you move up and we tell you by e-mail.\n\nYour registration: %(link)s"
                )
                % facts
            )
        else:
            subject = (
                _("A seat is yours: %(activity)s")
                if kind == "promoted"
                else _("Registration confirmed: %(activity)s")
            ) % facts
            intro = (
                _("A seat has freed up and is now yours: you are registered for %(activity)s.")
                if kind == "promoted"
                else _("You are registered for %(activity)s.")
            ) % facts
            body = _(
                "Dear %(name)s,\n\n%(intro)s\nDate: %(date)s\n\nShow the attached QR code "
                "at the check-in, or open your registration page:\n%(link)s\n\n"
                "If you cannot come, please cancel there so someone else can have the seat."
            ) % {**facts, "intro": intro}
    attachments = []
    if kind != "waiting":
        attachments = [
            ("checkin-qr.png", checkin_qr(registration.checkin_code, kind="png"), "image/png")
        ]
    stamp = registration.registered_at.strftime("%Y%m%d%H%M%S%f")
    message_queue(
        to=to, subject=subject, body=body, attachments=attachments,
        dedupe_key=f"registration:{registration.pk}:{kind}:{stamp}",
    )  # fmt: skip


def mail_placed(registration: Registration) -> None:
    registration_mail(
        registration, "waiting" if registration.status == Status.WAITING else "confirmed"
    )
