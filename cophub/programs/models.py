import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cophub.core.thai import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN, RATING_LEVELS
from cophub.orgs.models import Organization, Person, Province

FISCAL_YEAR_VALIDATORS = [MinValueValidator(FISCAL_YEAR_MIN), MaxValueValidator(FISCAL_YEAR_MAX)]


class Program(models.Model):
    """A fiscal-year project (โครงการ) made of activities."""

    title = models.CharField(_("title"), max_length=500)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("owning organisation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="programs",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=FISCAL_YEAR_VALIDATORS, db_index=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="programs",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "title"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", args=[self.pk])


class ProgramMember(models.Model):
    """Someone on a program's team besides its owner. A team role grants access to this
    program's data only (docs/decisions.md: program teams)."""

    class Role(models.TextChoices):
        # คุณอำนวย at the door: checks people in, reads the check-in list and its exports
        # (without contacts), the survey results, comments and answer exports.
        FACILITATOR = "facilitator", _("Facilitator (คุณอำนวย)")
        # The owner's deputy: does all the owner does but delete the program or change the team.
        CO_ORGANISER = "co_organiser", _("Co-organiser")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["program", "added_at", "pk"]
        verbose_name = _("program team member")
        verbose_name_plural = _("program team")
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="one_team_role_per_program")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.program} ({self.role})"


class ProgramLine(models.Model):
    """One numbered line of a program's ordered list (objectives, outcomes)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="%(class)ss")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("text"))

    class Meta:
        abstract = True
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "position"], name="%(class)s_position")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Objective(ProgramLine):
    class Meta(ProgramLine.Meta):
        verbose_name = _("objective")


class Outcome(ProgramLine):
    class Meta(ProgramLine.Meta):
        verbose_name = _("outcome")


# The five Thai interpretation levels, highest first (core/thai.py): HIGHEST = "highest",
# labelled มากที่สุด, … LOWEST = "lowest", น้อยที่สุด.
SatisfactionLevel = models.TextChoices(
    "SatisfactionLevel", [(key.upper(), (key, word)) for _score, key, word in RATING_LEVELS]
)


class Activity(models.Model):
    """One numbered event of a program (ครั้งที่ N): a study visit, seminar, workshop…"""

    class Kind(models.TextChoices):
        STUDY_VISIT = "study_visit", _("Study visit")
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Workshop")
        MEETING = "meeting", _("Knowledge-sharing meeting")
        ONLINE = "online", _("Online session")
        OTHER = "other", _("Other")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField(_("number (ครั้งที่)"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("topic"), max_length=500)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    target_project = models.CharField(_("development project"), max_length=500, blank=True)
    cohort = models.PositiveSmallIntegerField(_("cohort (รุ่นที่)"), null=True, blank=True)

    # Recorded figures for past activities whose registrations / raw answers do not exist.
    participants_count = models.PositiveIntegerField(
        _("recorded number of participants"), null=True, blank=True
    )
    participants_from = models.CharField(_("participants come from"), max_length=500, blank=True)
    satisfaction_method = models.CharField(
        _("how satisfaction was collected"), max_length=200, blank=True
    )
    satisfaction_level = models.CharField(
        _("recorded satisfaction level"),
        max_length=10,
        choices=SatisfactionLevel.choices,
        blank=True,
    )
    satisfaction_percent = models.DecimalField(
        _("recorded satisfaction (percent)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["program", "number"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"], name="activity_number_in_program"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programs:activity", args=[self.pk])

    @property
    def participant_total(self) -> int | None:
        """Participants: attended registrations when any exist, else the recorded count.

        List pages annotate ``n_registered``/``n_attended`` (see selectors) so this costs
        no query there.
        """
        registered = getattr(self, "n_registered", None)
        attended = getattr(self, "n_attended", None)
        if registered is None:
            registered = self.registrations.count()
            attended = self.registrations.filter(status=Registration.Status.ATTENDED).count()
        return attended if registered else self.participants_count

    @property
    def has_recorded_satisfaction(self) -> bool:
        return bool(self.satisfaction_level) or self.satisfaction_percent is not None


class Site(models.Model):
    """A place an activity is held or visits: host organisation, place, district, province."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sites")
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("place name"), max_length=300)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_sites",
    )
    # Kept beside the link so the record still reads right if the organisation is deleted.
    organization_name = models.CharField(_("host organisation"), max_length=300, blank=True)
    location = models.CharField(_("location detail"), max_length=300, blank=True)
    district = models.CharField(_("district (อำเภอ)"), max_length=100, blank=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["activity", "position", "pk"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name

    @property
    def host_name(self) -> str:
        return self.organization.name if self.organization_id else self.organization_name


def new_checkin_code() -> str:
    """128 random bits, URL-safe: printed in a QR, typed by nobody, guessed by nobody."""
    return secrets.token_urlsafe(16)


class Registration(models.Model):
    """One person's place in one activity, from registration to attendance."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")

    class Source(models.TextChoices):
        SELF = "self", _("Registered themselves")
        NOMINATED = "nominated", _("Nominated by a coordinator")
        IMPORTED = "imported", _("Imported from a list")
        ORGANISER = "organiser", _("Added by the organiser")

    # Statuses that hold a seat against the capacity.
    HOLDS_SEAT = (Status.REGISTERED, Status.ATTENDED, Status.NO_SHOW)

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.ORGANISER
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checkin_code = models.CharField(max_length=32, unique=True, default=new_checkin_code)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    # Attendees-only surveys (docs/surveys.md): that a survey ticket went out and that the
    # survey was answered, with no time and nothing that points at the response.
    survey_ticket_issued = models.BooleanField(default=False)
    survey_answered = models.BooleanField(default=False)
    # The privacy notice version shown where the registration was made (cophub.privacy): to
    # the person registering, the coordinator nominating, the organiser confirming a list.
    privacy_notice_version = models.PositiveIntegerField(
        _("privacy notice version"), null=True, blank=True
    )

    class Meta:
        ordering = ["activity", "registered_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"], name="one_registration_per_person"
            )
        ]
        indexes = [models.Index(fields=["activity", "status"], name="registration_status")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.activity}"

    @property
    def attended(self) -> bool:
        return self.status == self.Status.ATTENDED
