import json

from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.core.forms import (
    FiscalYearField,
    LinesField,
    ThaiIntegerField,
    ThaiModelChoiceField,
    ThaiModelForm,
)
from cophub.core.thai import (
    fiscal_year,
    fiscal_year_bounds,
    screen_digit_system,
    screen_digits,
    thai_date,
)
from cophub.orgs.areas import district_checked, district_names
from cophub.orgs.models import Person, Province
from cophub.orgs.selectors import organization_choices
from cophub.programs.documents import SiteData
from cophub.programs.models import Activity, ProgramMember


class ProgramForm(forms.Form):
    title = forms.CharField(label=_("Program title"), max_length=500)
    organization = ThaiModelChoiceField(
        label=_("Owning organisation"), queryset=organization_choices()
    )
    fiscal_year = FiscalYearField(
        label=_("Fiscal year (B.E.)"),
        help_text=_("Thai fiscal year, e.g. 2569 = 1 Oct 2025 – 30 Sep 2026."),
    )
    objectives = LinesField(label=_("Objectives"))
    outcomes = LinesField(label=_("Outcomes"))


class ActivityForm(ThaiModelForm):
    number = ThaiIntegerField(label=_("Number (ครั้งที่)"), min_value=1, max_value=32767)

    class Meta(ThaiModelForm.Meta):
        model = Activity
        fields = [
            "number", "kind", "title", "start_date", "end_date", "target_group",
            "target_project", "cohort", "participants_count", "participants_from",
            "satisfaction_method", "satisfaction_level", "satisfaction_percent",
        ]  # fmt: skip
        widgets = {"title": forms.TextInput()}

    def __init__(self, *args, program, **kwargs):
        self.program = program
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if end and not start:
            self.add_error("start_date", _("Give the start date when there is an end date."))
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        if start and fiscal_year(start) != self.program.fiscal_year:
            first, last = fiscal_year_bounds(self.program.fiscal_year)
            self.add_error(
                "start_date",
                _("This date is outside fiscal year %(fy)s (%(first)s – %(last)s).")
                % {
                    "fy": screen_digits(self.program.fiscal_year),
                    "first": thai_date(first, digits=screen_digit_system()),
                    "last": thai_date(last, digits=screen_digit_system()),
                },
            )
        return data


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Place name"), max_length=300)
    organization = forms.CharField(label=_("Host organisation"), max_length=300, required=False)
    location = forms.CharField(label=_("Location detail"), max_length=300, required=False)
    province = ThaiModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name_th"), required=False
    )
    district = forms.CharField(
        label=_("District (อำเภอ)"),
        max_length=100,
        required=False,
        help_text=_("One of the chosen province's districts."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser offers the chosen province's districts from a <datalist> that the
        # page renders (and static/programs/sites.js refills when the province changes).
        self.fields["district"].widget.attrs.update(
            {"list": self.district_list_id, "autocomplete": "off"}
        )
        self.fields["province"].widget.attrs["data-district-list"] = self.district_list_id

    @property
    def is_new(self) -> bool:
        """A row for a site not saved yet: the formset lets exactly those stay empty."""
        return self.empty_permitted

    @property
    def district_list_id(self) -> str:
        return f"{self.prefix}-district-list" if self.prefix else "district-list"

    def chosen_province(self) -> Province | None:
        if self.is_bound:
            value = self.data.get(self.add_prefix("province"))
            try:
                return Province.objects.filter(pk=int(value)).first() if value else None
            except (TypeError, ValueError):
                return None
        province = self.initial.get("province")
        return province if isinstance(province, Province) else None

    def district_names(self) -> list[str]:
        return district_names(self.chosen_province())

    def clean(self):
        data = super().clean()
        # A province refused on its own already says what is wrong; the district waits.
        if data.get("district") and "province" not in self.errors:
            try:
                data["district"] = district_checked(data.get("province"), data["district"])
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data

    def site_data(self) -> SiteData:
        d = self.cleaned_data
        return SiteData(
            name=d["name"],
            organization_name=d["organization"],
            location=d["location"],
            district=d["district"],
            province=d["province"],
        )


# A saved site is removed with its ลบ box; a new row has no such box (the page's remove
# button takes it away, or it is left empty and ignored).
SiteFormSet = forms.formset_factory(
    SiteForm, extra=1, can_delete=True, can_delete_extra=False, max_num=20, validate_max=True
)


def sites_from(formset) -> list[SiteData]:
    """Every filled-in site not marked for deletion, changed or not (unchanged rows stay)."""
    return [
        f.site_data()
        for f in formset.forms
        if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
    ]


class RegistrationForm(forms.Form):
    """Register a person: pick someone known, or type a new person."""

    person = ThaiModelChoiceField(
        label=_("Known person"),
        queryset=Person.objects.select_related("organization"),
        required=False,
    )
    prefix = forms.CharField(label=_("Name prefix"), max_length=50, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    organization = ThaiModelChoiceField(
        label=_("Organisation"), queryset=organization_choices(), required=False
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    attended = forms.BooleanField(label=_("Attended"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("first_name"):
            raise forms.ValidationError(_("Choose a known person or type a first name."))
        return data


class ProgramImportForm(forms.Form):
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(label=_("Program document (JSON)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            return json.loads(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from exc
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("The file is not valid JSON (line %(line)d, column %(col)d)."),
                params={"line": exc.lineno, "col": exc.colno},
            ) from exc
        except (ValueError, RecursionError) as exc:  # absurd nesting or number length
            raise forms.ValidationError(
                _("The file is not a JSON document CoP Hub can read.")
            ) from exc


class ProgramMemberForm(forms.Form):
    """The owner adds someone to the program's team by their user name."""

    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(
        label=_("Team role"),
        choices=ProgramMember.Role.choices,
        initial=ProgramMember.Role.FACILITATOR,
    )
