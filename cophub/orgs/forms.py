from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.accounts.models import User
from cophub.core.forms import ThaiModelChoiceField
from cophub.orgs.models import Organization


def organization_field(required: bool = False) -> ThaiModelChoiceField:
    """Government organisations, listed in Thai dictionary order (not code point order)."""
    return ThaiModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.exclude(kind=Organization.Kind.EXTERNAL),
        required=required,
    )


class StaffForm(forms.Form):
    prefix = forms.CharField(label=_("Name prefix"), max_length=50, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices, initial=User.Role.MEMBER)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = organization_field()


class StaffCreateForm(StaffForm):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and . @ + - _ only."),
        error_messages={"invalid": _("Use letters, digits and . @ + - _ only.")},
    )
    invite = forms.BooleanField(
        label=_("Send an invitation e-mail to set a password"), required=False, initial=True
    )
    field_order = ["username", "prefix", "first_name", "last_name", "email", "role"]


class StaffEditForm(StaffForm):
    is_active = forms.BooleanField(label=_("Active (may log in)"), required=False)


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("List of accounts (Excel .xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    invite = forms.BooleanField(
        label=_("Send new accounts an invitation e-mail to set a password"),
        required=False,
        initial=True,
    )


class StaffImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    invite = forms.BooleanField(widget=forms.HiddenInput, required=False)
