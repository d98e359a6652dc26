from django import forms
from django.utils.translation import gettext_lazy as _

from cophub.core.forms import ThaiModelChoiceField
from cophub.knowledge.models import Community, KnowledgeItem, Role
from cophub.knowledge.services import ATTACHMENT_TYPES, MAX_ATTACHMENT_MB, ItemData
from cophub.orgs.models import Organization
from cophub.programs.models import Activity


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    join_policy = forms.ChoiceField(
        label=_("Who may join"),
        choices=Community.JoinPolicy.choices,
        initial=Community.JoinPolicy.REQUEST,
        help_text=_("Members-only knowledge is read only by approved members."),
    )


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the facilitators (optional)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class InviteForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PRACTITIONER)
    message = forms.CharField(
        label=_("Message (optional)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class DecisionForm(forms.Form):
    """A facilitator's answer to one waiting request."""

    join_request = forms.IntegerField(min_value=1, widget=forms.HiddenInput)  # from the button
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])


class InvitationAnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class InvitationWithdrawForm(forms.Form):
    invitation = forms.IntegerField(min_value=1, widget=forms.HiddenInput)  # from the button


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PRACTITIONER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class LinkActivityForm(forms.Form):
    activity = ThaiModelChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.select_related("program").order_by(
            "-program__fiscal_year", "program__title", "number"
        ),
    )


def _attachment_help():
    return _("Optional. %(types)s; up to %(mb)s MB.") % {
        "types": ", ".join(sorted(ATTACHMENT_TYPES)),
        "mb": MAX_ATTACHMENT_MB,
    }


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KnowledgeItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: **bold**, *italic*, lists with -, links [text](https://…)."),
    )  # fmt: skip
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=500, help_text=_("Separated by commas.")
    )
    activity = ThaiModelChoiceField(
        label=_("Learned at activity"), queryset=Activity.objects.none(), required=False
    )
    host_organization = ThaiModelChoiceField(
        label=_("Host organisation (best practice)"),
        queryset=Organization.objects.order_by("name"),
        required=False,
    )
    aar_expected = forms.CharField(
        label=_("AAR 1. What was supposed to happen?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    aar_actual = forms.CharField(
        label=_("AAR 2. What actually happened?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    aar_why = forms.CharField(
        label=_("AAR 3. Why was there a difference?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    aar_learned = forms.CharField(
        label=_("AAR 4. What can we learn from it?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=KnowledgeItem.Visibility.choices
    )
    draft = forms.BooleanField(label=_("Keep as a draft (only you can see it)"), required=False)
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = _attachment_help()
        self.fields["activity"].queryset = Activity.objects.filter(
            community_link__community=community
        ).select_related("program")

    def clean(self):
        data = super().clean()
        if data.get("kind") == KnowledgeItem.Kind.PRACTICE and not data.get("host_organization"):
            self.add_error(
                "host_organization", _("Name the organisation this practice comes from.")
            )
        return data

    def item_data(self) -> ItemData:
        d = self.cleaned_data
        return ItemData(
            kind=d["kind"], title=d["title"], body=d["body"],
            tags=[t for t in d["tags"].split(",") if t.strip()],
            visibility=d["visibility"],
            status=KnowledgeItem.Status.DRAFT if d["draft"] else KnowledgeItem.Status.PUBLISHED,
            activity=d["activity"], host_organization=d["host_organization"],
            aar_expected=d["aar_expected"], aar_actual=d["aar_actual"],
            aar_why=d["aar_why"], aar_learned=d["aar_learned"],
        )  # fmt: skip

    @staticmethod
    def initial_for(item: KnowledgeItem) -> dict:
        return {
            "kind": item.kind, "title": item.title, "body": item.body,
            "tags": ", ".join(t.name for t in item.tags.all()), "activity": item.activity,
            "host_organization": item.host_organization, "aar_expected": item.aar_expected,
            "aar_actual": item.aar_actual, "aar_why": item.aar_why,
            "aar_learned": item.aar_learned, "visibility": item.visibility,
            "draft": item.is_draft,
        }  # fmt: skip


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
