"""Forms of the KM plan: Thai digits in numbers and years (core/forms.py), months as
checkboxes in fiscal order with their Thai abbreviations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.accounts.models import User
from cophub.core.forms import (
    FiscalYearField,
    ThaiDecimalField,
    ThaiIntegerField,
    ThaiModelChoiceField,
)
from cophub.core.thai import MONTHS_ABBR
from cophub.kmplan.models import FISCAL_MONTHS, Indicator, KmPlan, Step
from cophub.orgs.models import Organization
from cophub.orgs.selectors import organization_subtree_ids
from cophub.programs.models import Program

MONTH_CHOICES = [(m, MONTHS_ABBR[m - 1]) for m in FISCAL_MONTHS]


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Plan title"), max_length=300)
    fiscal_year = FiscalYearField(label=_("Fiscal year (B.E.)"))
    approved_by = forms.CharField(label=_("Approved by"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organizations=None, **kwargs):
        """``organizations``: those the user may write a plan for (None on an edit: the
        organisation of a plan stays)."""
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"] = ThaiModelChoiceField(
                label=_("Organisation"), queryset=organizations
            )
            self.order_fields(["organization", "fiscal_year", "title"])


def plan_organizations(user):
    """Admins choose any government organisation; an organiser writes their own's."""
    from cophub.kmplan.permissions import organization_id_of

    government = Organization.objects.exclude(kind=Organization.Kind.EXTERNAL)
    if user.is_system_admin:
        return government
    return government.filter(pk=organization_id_of(user))


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Knowledge area"), max_length=300)
    goal = forms.CharField(
        label=_("Goal"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = ThaiIntegerField(label=_("Order"), min_value=1, max_value=999, required=False)


class PlannedActivityForm(forms.Form):
    step = forms.ChoiceField(label=_("KM process step"), choices=Step.choices)
    description = forms.CharField(
        label=_("Planned activity"), widget=forms.Textarea(attrs={"rows": 3})
    )
    months = forms.TypedMultipleChoiceField(
        label=_("Months"), choices=MONTH_CHOICES, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    responsible_name = forms.CharField(
        label=_("Responsible person"), max_length=200, required=False
    )
    responsible_position = forms.CharField(label=_("Position"), max_length=200, required=False)

    def __init__(self, *args, plan: KmPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = ThaiModelChoiceField(
            label=_("Knowledge area"), queryset=plan.areas.all(), empty_label=None
        )
        units = organization_subtree_ids([plan.organization_id])  # offices below too
        self.fields["program"] = ThaiModelChoiceField(
            label=_("Program"), required=False,
            queryset=Program.objects.filter(organization_id__in=units, fiscal_year=plan.fiscal_year),
        )  # fmt: skip
        self.fields["responsible"] = ThaiModelChoiceField(
            label=_("Responsible (user account)"), required=False,
            queryset=User.objects.filter(person__organization_id__in=units, is_active=True),
        )  # fmt: skip
        self.fields["responsible"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.order_fields(["area", "step", "description", "months", "responsible"])


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    kind = forms.ChoiceField(label=_("Measured by"), choices=Indicator.Kind.choices)
    target = ThaiDecimalField(label=_("Target (at least)"), max_digits=12, decimal_places=2)
    unit = forms.CharField(
        label=_("Unit"), max_length=50, required=False,
        help_text=_("Left empty: the kind's own unit (times, people, points, percent…)."),
    )  # fmt: skip
    manual_actual = ThaiDecimalField(
        label=_("Actual (only for “Other”)"), max_digits=12, decimal_places=2, required=False,
        help_text=_("Every other kind is computed from the data and cannot be typed."),
    )  # fmt: skip
    order = ThaiIntegerField(label=_("Order"), min_value=1, max_value=999, required=False)

    def __init__(self, *args, plan: KmPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = ThaiModelChoiceField(
            label=_("Knowledge area"), queryset=plan.areas.all(), required=False
        )
        self.order_fields(["name", "area", "kind", "target", "unit", "manual_actual"])

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target is not None and target < 0:
            raise forms.ValidationError(_("The target must be a number of zero or more."))
        return target

    def clean_manual_actual(self):
        actual = self.cleaned_data["manual_actual"]
        if actual is not None and actual < 0:
            raise forms.ValidationError(_("The actual must be a number of zero or more."))
        return actual
