"""Forms of the participants pages (the import upload form lives with the import views).

Every input takes Thai digits; dates and times are typed in the Buddhist Era, the way the
ministry writes them (๑๕/๐๓/๒๕๖๙ ๐๙:๐๐).
"""

from __future__ import annotations

import re

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cophub.core.forms import (
    ThaiDateTimeField,
    ThaiIntegerField,
    ThaiModelChoiceField,
    ThaiModelMultipleChoiceField,
)
from cophub.core.thai import arabic_digits, thai_digits
from cophub.orgs.models import Organization
from cophub.orgs.selectors import organization_by_name, organization_choices
from cophub.participants.models import RegistrationPolicy
from cophub.privacy.forms import RegistrationConsentForm
from cophub.programs.models import Registration


def _digits(value: int) -> str:
    """A number in the screen's digits (Thai digits on a Thai screen)."""
    thai = (translation.get_language() or "th").startswith("th")
    return thai_digits(value) if thai else str(value)


class QuotaField(forms.CharField):
    """One line an organisation: ``ปภ.: 5`` (its name, abbreviation or code, then seats)."""

    widget = forms.Textarea(attrs={"rows": 4, "placeholder": "ปค.: ๕\nปภ.: ๓"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(strip=True, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(
                f"{org.short_name or org.name}: {seats}" for org, seats in value.items()
            )
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        quotas: dict[Organization, int] = {}
        errors = []
        for number, raw in enumerate(text.splitlines(), 1):
            line = " ".join(raw.split())
            if not line:
                continue
            name, sep, seats = line.rpartition(":")
            seats = arabic_digits(seats).strip()
            # Digits 0–9 only ("²" passes isdigit), and no more seats than capacity allows.
            if not sep or not re.fullmatch(r"[0-9]{1,6}", seats):
                errors.append(
                    forms.ValidationError(
                        _(
                            "Line %(n)s: write the organisation, a colon and the seats, e.g. ปภ.: 5."
                        ),
                        params={"n": _digits(number)},
                    )
                )
                continue
            organization = organization_by_name(name.strip())
            if organization is None:
                errors.append(
                    forms.ValidationError(
                        _("Line %(n)s: no organisation is called “%(name)s”."),
                        params={"n": _digits(number), "name": name.strip()},
                    )
                )
                continue
            quotas[organization] = int(seats)
        if errors:
            raise forms.ValidationError(errors)
        return quotas


class PolicyForm(forms.Form):
    is_open = forms.BooleanField(label=_("Registration open"), required=False)
    opens_at = ThaiDateTimeField(label=_("Registration opens"), required=False)
    closes_at = ThaiDateTimeField(label=_("Registration closes"), required=False)
    capacity = ThaiIntegerField(
        label=_("Capacity"), min_value=1, max_value=100_000, required=False,
        help_text=_("Empty: no limit. When the seats are taken, people join a waiting list."),
    )  # fmt: skip
    who = forms.ChoiceField(
        label=_("Who may register"), choices=RegistrationPolicy.Who.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip
    target_organizations = ThaiModelMultipleChoiceField(
        label=_("Target organisations"), queryset=organization_choices(), required=False,
        help_text=_("Their units are included."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )  # fmt: skip
    quotas = QuotaField(
        label=_("Seats per organisation (quotas)"),
        help_text=_("One organisation a line: its abbreviation or name, a colon, the seats."),
    )
    checkin_opens_at = ThaiDateTimeField(label=_("Check-in opens"), required=False)
    checkin_closes_at = ThaiDateTimeField(label=_("Check-in closes"), required=False)

    def clean(self):
        data = super().clean()
        for opens, closes, message in [
            ("opens_at", "closes_at", _("Registration must close after it opens.")),
            ("checkin_opens_at", "checkin_closes_at", _("Check-in must close after it opens.")),
        ]:
            if data.get(opens) and data.get(closes) and data[closes] <= data[opens]:
                self.add_error(closes, message)
        if data.get("who") == RegistrationPolicy.Who.TARGET_ORGANIZATIONS and not data.get(
            "target_organizations"
        ):
            self.add_error("target_organizations", _("Choose the target organisations."))
        return data

    @classmethod
    def initial_for(cls, policy: RegistrationPolicy | None) -> dict:
        if policy is None:
            return {"who": RegistrationPolicy.Who.ANY_STAFF}
        return {
            "is_open": policy.is_open, "opens_at": policy.opens_at,
            "closes_at": policy.closes_at, "capacity": policy.capacity, "who": policy.who,
            "target_organizations": list(policy.target_organizations.all()),
            "quotas": {q.organization: q.seats for q in policy.quotas.select_related("organization")},
            "checkin_opens_at": policy.checkin_opens_at,
            "checkin_closes_at": policy.checkin_closes_at,
        }  # fmt: skip


class SelfRegisterForm(RegistrationConsentForm):
    """What the registrant corrects before the one click: their organisation and position;
    and what they may choose to give on consent (a mobile number, photos), when a privacy
    notice is in force to give it under (``notice``)."""

    organization = ThaiModelChoiceField(
        label=_("Your organisation"), queryset=organization_choices(), required=False
    )
    position = forms.CharField(label=_("Your position"), max_length=200, required=False)
    field_order = ["organization", "position"]

    def __init__(self, *args, organization_required: bool = False, notice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].required = organization_required
        if notice is None:
            for name in ("phone", "consent_contact", "consent_photo", "notice_version"):
                del self.fields[name]
        else:
            self.fields["notice_version"].initial = notice.version


class NominationForm(forms.Form):
    """Pick a person of my organisation, or type a new one."""

    person = ThaiModelChoiceField(label=_("Known person"), queryset=None, required=False)
    prefix = forms.CharField(label=_("Name prefix"), max_length=50, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    organization = ThaiModelChoiceField(label=_("Organisation"), queryset=None, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, people, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["organization"].queryset = organizations

    def clean(self):
        data = super().clean()
        if not data.get("person"):
            if not data.get("first_name"):
                raise forms.ValidationError(_("Choose a known person or type a first name."))
            if not data.get("organization"):
                self.add_error("organization", _("Choose the new person's organisation."))
        return data

    def new_person(self) -> dict | None:
        d = self.cleaned_data
        if d.get("person"):
            return None
        return {
            k: d[k]
            for k in ("prefix", "first_name", "last_name", "position", "organization", "email")
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Registration.Status.choices)
