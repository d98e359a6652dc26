from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.core.forms import ThaiIntegerField
from cophub.rights.models import DataRequest


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my name, contacts and what I wrote will be erased, and that this cannot be undone."
        ),
    )


class OnBehalfForm(forms.Form):
    """An admin records a request received another way (a letter, a call, at the desk)."""

    person = ThaiIntegerField(label=_("Person number"), min_value=1)
    kind = forms.ChoiceField(label=_("Request"), choices=DataRequest.Kind.choices)
    fmt = forms.ChoiceField(
        label=_("File type (for a copy)"), choices=[("xlsx", "XLSX"), ("json", "JSON")],
        required=False,
    )  # fmt: skip


class EraseForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(label=_("Erase this person's data now. This cannot be undone."))


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the request refused?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
