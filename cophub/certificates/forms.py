from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.certificates.models import Decision, Heading
from cophub.core.thai import screen_digits

SIGNATORIES = (1, 2, 3)
SIGNATORY_LABELS = {
    "name": _("signatory %(n)s: name"),
    "title": _("signatory %(n)s: position"),
    "signature": _("signatory %(n)s: signature image"),
}


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labelled per request: the number in the screen's digits and language.
        for n in SIGNATORIES:
            for part, label in SIGNATORY_LABELS.items():
                self.fields[f"sig{n}_{part}"].label = label % {"n": screen_digits(n)}


for _n in SIGNATORIES:
    DesignForm.base_fields[f"sig{_n}_name"] = forms.CharField(max_length=200, required=False)
    DesignForm.base_fields[f"sig{_n}_title"] = forms.CharField(max_length=300, required=False)
    DesignForm.base_fields[f"sig{_n}_signature"] = forms.FileField(required=False)


class DecisionForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=Decision.Kind.choices, label=_("decision"))
    reason = forms.CharField(label=_("reason"), max_length=500)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("reason for revoking"), max_length=500)
