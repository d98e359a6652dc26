from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.core.forms import ThaiIntegerField
from cophub.core.thai import arabic_digits
from cophub.followups.models import DEFAULT_DELAY_DAYS, DEFAULT_OPEN_DAYS, Applied
from cophub.followups.services import MAX_TEXT


class FollowUpForm(forms.Form):
    delay_days = ThaiIntegerField(
        label=_("Send it this many days after the activity ends"), min_value=0, max_value=730,
        initial=DEFAULT_DELAY_DAYS,
    )  # fmt: skip
    reminder_days = forms.CharField(
        label=_("Reminders, days after the invitation (e.g. 14, 28)"), required=False,
        initial="14, 28", max_length=100,
    )  # fmt: skip
    open_days = ThaiIntegerField(
        label=_("Days it takes answers after it is sent"), min_value=1, max_value=365,
        initial=DEFAULT_OPEN_DAYS,
    )  # fmt: skip

    def clean_reminder_days(self) -> list[int]:
        text = arabic_digits(self.cleaned_data["reminder_days"] or "")
        parts = [p.strip() for p in text.replace("،", ",").split(",") if p.strip()]
        if not all(p.isdigit() and p.isascii() for p in parts):
            raise forms.ValidationError(
                _(
                    "Reminders are whole numbers of days (1–365) after the invitation, separated by commas."
                )
            )
        return [int(p) for p in parts]


class AnswerForm(forms.Form):
    applied = forms.ChoiceField(
        label=_("Have you applied what you learned at this activity?"),
        choices=Applied.choices, widget=forms.RadioSelect,
    )  # fmt: skip
    what_where = forms.CharField(
        label=_("What did you apply, and where?"), required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    result = forms.CharField(
        label=_("What was the result?"), required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    obstacles = forms.CharField(
        label=_("What got in the way?"), required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
