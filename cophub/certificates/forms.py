from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.certificates.models import Decision, Heading


class DesignForm(forms.Form):
    for_program = forms.BooleanField(
        label=_("Use for every activity of the program without its own design"), required=False
    )
    heading = forms.ChoiceField(label=_("heading"), choices=Heading.choices)
    issuer = forms.CharField(label=_("issuing organisation"), max_length=300, required=False)
    reason = forms.CharField(label=_("reason line"), max_length=300, required=False)
    requires_survey = forms.BooleanField(
        label=_("only for those who answered the survey"), required=False
    )
    logo = forms.FileField(label=_("logo (PNG or JPEG, at most 1 MB)"), required=False)
    clear_logo = forms.BooleanField(label=_("remove the logo"), required=False)


def _signatory_fields():
    fields = {}
    for n in (1, 2, 3):
        fields[f"sig{n}_name"] = forms.CharField(
            label=_("signatory %(n)s: name") % {"n": n}, max_length=200, required=False
        )
        fields[f"sig{n}_title"] = forms.CharField(
            label=_("signatory %(n)s: position") % {"n": n}, max_length=300, required=False
        )
        fields[f"sig{n}_signature"] = forms.FileField(
            label=_("signatory %(n)s: signature image") % {"n": n}, required=False
        )
    return fields


DesignForm.base_fields.update(_signatory_fields())


class DecisionForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=Decision.Kind.choices, label=_("decision"))
    reason = forms.CharField(label=_("reason"), max_length=500)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("reason for revoking"), max_length=500)
