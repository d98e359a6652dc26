"""The upload form of a participant list, and the confirmation of its preview."""

from django import forms
from django.utils.translation import gettext_lazy as _

ACCEPT = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
GOOD_ROWS_HELP = _(
    "Rows with problems are left out and the rest is imported. Without this, a list with "
    "any problem imports nothing."
)


class ListUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Participant list (Excel .xlsx or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    only_good_rows = forms.BooleanField(
        label=_("Import only the good rows"), required=False, help_text=GOOD_ROWS_HELP
    )


class ConfirmForm(forms.Form):
    only_good_rows = forms.BooleanField(
        label=_("Import only the good rows"), required=False, help_text=GOOD_ROWS_HELP
    )
    # PDPA s.25: data not collected from the person themselves needs them told of the
    # notice; the organiser who brings the list confirms they were (the service refuses
    # without it, so the message is the service's).
    people_informed = forms.BooleanField(
        label=_(
            "The people on this list have been told how their details are used, as the privacy notice says"
        ),
        required=False,
    )
