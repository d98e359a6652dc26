from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.core.forms import FiscalYearField, ThaiModelChoiceField
from cophub.knowledge.models import Community, KnowledgeItem
from cophub.orgs.models import Organization
from cophub.search.query import Filters


def kind_choices():
    return [
        ("", _("Everything")),
        ("community", _("Communities")),
        ("program", _("Programs")),
        ("activity", _("Activities")),
        *KnowledgeItem.Kind.choices,
    ]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=10_000)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=kind_choices)
    community = ThaiModelChoiceField(
        label=_("Community"), required=False, queryset=Community.objects.order_by("name"),
        empty_label=_("All communities"),
    )  # fmt: skip
    fy = FiscalYearField(label=_("Fiscal year (B.E.)"), required=False)
    org = ThaiModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organization.objects.order_by("name"),
        empty_label=_("All organisations"),
    )  # fmt: skip
    page = forms.IntegerField(required=False, min_value=1, max_value=500, widget=forms.HiddenInput)

    def filters(self) -> Filters:
        d = self.cleaned_data
        return Filters(
            kind=d.get("kind") or "",
            community_id=d["community"].pk if d.get("community") else None,
            fiscal_year=d.get("fy"),
            organization_id=d["org"].pk if d.get("org") else None,
        )
