"""Communities of practice and the knowledge they keep."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cophub.orgs.models import Organization
from cophub.programs.models import Activity


class Community(models.Model):
    """A community of practice (ชุมชนนักปฏิบัติ)."""

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone joins at once")
        REQUEST = "request", _("By request: a facilitator approves")
        INVITATION = "invitation", _("By invitation only")

    name = models.CharField(_("name"), max_length=200, unique=True)
    purpose = models.TextField(_("purpose"), blank=True)
    # New communities ask for approval, so members-only items stay among approved
    # members; communities made before the gate existed were migrated as open.
    join_policy = models.CharField(
        _("who may join"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:community", args=[self.pk])


class Role(models.TextChoices):
    """The Thai KM roles."""

    SPONSOR = "sponsor", _("Sponsor (คุณเอื้อ)")
    FACILITATOR = "facilitator", _("Facilitator (คุณอำนวย)")
    PRACTITIONER = "practitioner", _("Practitioner (คุณกิจ)")
    NOTE_TAKER = "note_taker", _("Note taker (คุณลิขิต)")


class Membership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PRACTITIONER
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.community} ({self.role})"


class JoinRequest(models.Model):
    """A request to join or an invitation. It makes nobody a member: only its approval
    (request) or acceptance (invitation) creates the Membership, so everything that reads
    Membership (permissions, items, search, counts) never sees a pending person."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Request to join")
        INVITATION = "invitation", _("Invitation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The role the person gets on approval: practitioner for a request, the
    # facilitator's choice for an invitation.
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PRACTITIONER
    )
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["community", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            )
        ]
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.community} ({self.kind}, {self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class CommunityActivity(models.Model):
    """An activity of a program belongs to (at most) one community."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="activity_links"
    )
    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="community_link"
    )

    class Meta:
        ordering = ["community", "activity"]

    def __str__(self) -> str:
        return f"{self.activity} → {self.community}"


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class KnowledgeItem(models.Model):
    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson learned")
        PRACTICE = "practice", _("Best practice")
        AAR = "aar", _("After-action review")
        HOWTO = "howto", _("How-to")
        QUESTION = "question", _("Question")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("All staff")
        MEMBERS = "members", _("Community members only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="items")
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity it was learned at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_items",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text (Markdown)"), blank=True)
    host_organization = models.ForeignKey(
        Organization,
        verbose_name=_("host organisation (where the practice comes from)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The four after-action review questions.
    aar_expected = models.TextField(_("What was supposed to happen?"), blank=True)
    aar_actual = models.TextField(_("What actually happened?"), blank=True)
    aar_why = models.TextField(_("Why was there a difference?"), blank=True)
    aar_learned = models.TextField(_("What can we learn from it?"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="items")
    visibility = models.CharField(
        _("who may see it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_items",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        indexes = [models.Index(fields=["community", "status", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:item", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Revision(models.Model):
    """The item as it was before an edit (edit history)."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    fields = models.JSONField(default=dict)  # the other fields as they were

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_id} @ {self.created_at:%Y-%m-%d %H:%M}"


def attachment_path(instance, filename: str) -> str:
    # Never the uploaded name on disk: storage picks a unique name, the real one is kept.
    return f"knowledge/{instance.item_id}/attachment"


class Attachment(models.Model):
    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A comment (an answer, under a question); replies point at their parent."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    hidden = models.BooleanField(default=False)  # hidden by a facilitator
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class UsefulMark(models.Model):
    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="useful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="one_useful_mark")]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.item_id}"
