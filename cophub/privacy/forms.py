"""Forms of the privacy pages, and the consent fields a registration form adds."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.core.forms import ThaiModelForm
from cophub.core.thai import arabic_digits
from cophub.privacy.models import Breach, PrivacyNotice
from cophub.privacy.purposes import OPTIONAL_CONTACT, PHOTO


class NoticeForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = PrivacyNotice
        fields = ["title", "controller", "body", "dpo_contact", "effective_date"]
        widgets = {
            "controller": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 24}),
            "dpo_contact": forms.Textarea(attrs={"rows": 3}),
        }


class BreachForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Breach
        fields = [
            "title", "description", "occurred_at", "found_at", "data_affected",
            "people_affected", "people_count", "risk", "office_notified_at",
            "people_notified_at", "actions", "status",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "data_affected": forms.Textarea(attrs={"rows": 2}),
            "people_affected": forms.Textarea(attrs={"rows": 2}),
            "actions": forms.Textarea(attrs={"rows": 4}),
            "risk": forms.RadioSelect,
        }


PHONE = re.compile(r"^\+?[0-9]{9,15}$")


def clean_phone(text: str) -> str:
    """A telephone as typed (Thai digits, spaces, dashes): its digits, or an error."""
    digits = re.sub(r"[\s\-().]", "", arabic_digits(text or ""))
    if digits and not PHONE.match(digits):
        raise forms.ValidationError(
            _("Type a telephone number of 9 to 15 digits, e.g. 081-234-5678.")
        )
    return digits


class RegistrationConsentForm(forms.Form):
    """What a person may choose to give when registering, each on consent: a mobile number
    for the day, and photos. ``notice_version``: the notice the page showed them."""

    phone = forms.CharField(
        label=_("Mobile telephone (optional)"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    consent_contact = forms.BooleanField(
        label=_("I agree that the organisers keep this mobile number to reach me about the activity"),
        required=False,
    )  # fmt: skip
    consent_photo = forms.BooleanField(
        label=_("I agree that photos of me at the activity may appear in reports and the knowledge base"),
        required=False,
    )  # fmt: skip
    notice_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        data = super().clean()
        if data.get("phone") and not data.get("consent_contact"):
            self.add_error(
                "consent_contact",
                _("Tick the box to agree, or leave the mobile number empty."),
            )
        if data.get("consent_contact") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Type the mobile telephone you agree to give."))
        return data

    def consents(self) -> list[str]:
        """The consent purposes ticked."""
        d = self.cleaned_data
        return [
            code for code, ticked in ((OPTIONAL_CONTACT, d.get("consent_contact")),
                                      (PHOTO, d.get("consent_photo"))) if ticked
        ]  # fmt: skip
