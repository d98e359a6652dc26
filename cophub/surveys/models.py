"""Satisfaction surveys: a survey per activity, versioned questions, anonymous responses,
and running tallies that make results cost the same at 10 or 100,000 responses."""

import secrets
import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cophub.orgs.models import Organization
from cophub.programs.models import Activity, Program


def new_token() -> str:
    return secrets.token_urlsafe(16)  # 128 bits: not guessable, short enough for a QR code


class Survey(models.Model):
    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="survey")
    token = models.CharField(max_length=32, unique=True, default=new_token)
    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    # None: a draft the organiser is still building, which takes no answers whatever the
    # schedule says ("เปิดรับคำตอบ" sets it). Publishing is one way (closing sets closes_at),
    # so a survey remembered as published by the submission path can only have closed,
    # which the insert's own check of closes_at catches (hotpath.py).
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The version respondents answer now, and a counter bumped whenever its questions change:
    # together they key the in-process question cache of the submission path.
    current_version = models.ForeignKey(
        "SurveyVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    questions_revision = models.PositiveIntegerField(default=0)
    # Only checked-in participants may answer, each once, and nobody can tell whose answer
    # is whose (docs/surveys.md, "Attendees-only surveys"; tickets.py).
    attendees_only = models.BooleanField(_("attendees only"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:manage", args=[self.activity_id])

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    def state(self, now=None) -> str:
        """``open``, ``not_open`` (a draft, or before opens_at) or ``closed`` (after closes_at)."""
        now = now or timezone.now()
        if self.published_at is None:
            return "not_open"
        if self.opens_at and now < self.opens_at:
            return "not_open"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"


class SurveyTemplate(models.Model):
    """An organisation's own survey to start from: its introduction and questions as the
    editor saves them (codes and choice values kept, so surveys made from it compare)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="survey_templates",
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(_("introduction"), blank=True)
    questions = models.JSONField(_("questions"), default=list)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["organization", "title"]

    def __str__(self) -> str:
        return self.title


class SurveyVersion(models.Model):
    """The questions as they stood. Frozen once a response arrives: edits make a new version."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.responses.exists()


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Rating 1–5")
        SINGLE = "single_choice", _("Single choice")
        MULTIPLE = "multiple_choice", _("Multiple choice")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    # Stable across versions: a reworded item keeps its code, so its answers count together.
    code = models.SlugField(max_length=20)
    section = models.CharField(_("section"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)  # [{"value", "label"}]
    profile = models.BooleanField(_("respondent profile"), default=False)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="one_code_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def is_choice(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Response(models.Model):
    """One respondent's answers. No IP address, no name unless a profile question asks."""

    # No index of its own: each index and constraint in Meta starts with the survey, and
    # each index more is a page more written by every submission (docs/benchmarks.md, "Surveys").
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    client_id = models.UUIDField(default=uuid.uuid4)
    # The browser's cookie id: a second submission from the same device updates this row.
    respondent = models.UUIDField(null=True, blank=True)
    answers = models.JSONField(default=dict)  # {question code: value}
    # The tally cells this response adds ([[code, value, n], …]), computed at submission.
    # ``tallied`` turns true once they are folded into Tally (see tallies.fold): a
    # submission is then one INSERT, with no hot counter rows to lock.
    cells = models.JSONField(default=list)
    tallied = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(default=timezone.now)  # when it reached us
    updated_at = models.DateTimeField(auto_now=True)
    # When an answer kept on an offline phone was made, if the phone's clock was plausible
    # (api_submit.made_at): null means made as it arrived. Not folded into submitted_at,
    # which stays the arrival, so responses by minute still show a flood as it hit us.
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # No default ordering: the submission path looks rows up by key, and an ORDER BY
        # on every query costs there. Lists order explicitly.
        indexes = [
            models.Index(
                fields=["survey"], condition=models.Q(tallied=False), name="response_untallied"
            ),
            models.Index(fields=["survey", "-id"], name="response_newest"),  # latest comments
        ]
        constraints = [
            models.UniqueConstraint(fields=["survey", "client_id"], name="one_response_per_client"),
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="one_response_per_respondent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Tally(models.Model):
    """How many answers chose ``value`` for question ``code``. Kept in step by survey_submit,
    so results read a few rows instead of every response. Two special codes: ``_n`` counts
    responses, ``_word`` counts the words of open comments (value = the word)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tallies")
    code = models.CharField(max_length=20)
    value = models.CharField(max_length=100)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "code", "value"], name="one_tally_cell")
        ]

    def __str__(self) -> str:
        return f"{self.code}={self.value}: {self.count}"


class ScoringPolicy(models.Model):
    """How a program turns answers into a level and a percentage."""

    class Levels(models.TextChoices):
        HALF = "half", _("0.5-wide ranges (4.51–5.00 highest …)")
        FIFTH = "fifth", _("0.8-wide ranges (4.21–5.00 highest …)")

    class Percent(models.TextChoices):
        MEAN = "mean", _("mean ÷ 5 × 100")
        TOP_TWO = "top2", _("share answering 4 or 5")

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="scoring")
    levels = models.CharField(
        _("level ranges"), max_length=8, choices=Levels.choices, default=Levels.HALF
    )
    percent = models.CharField(
        _("percentage"), max_length=8, choices=Percent.choices, default=Percent.MEAN
    )

    def __str__(self) -> str:
        return f"{self.program}: {self.levels}/{self.percent}"


class SurveyTicket(models.Model):
    """A ticket an attended participant's device holds, as its hash only (tickets.py).

    On purpose there is no registration, no time and no ordered key: the row says that
    *some* attendee may answer, never who. A response never points here either: it is
    keyed by another hash of the same ticket, which nobody can compute from this one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "digest"], name="one_ticket_digest")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.digest[:8]}…"


class RedeemedCompletion(models.Model):
    """A ticket whose answer has been counted for a registration ("answered"), as a third
    hash of it: one answer marks one registration, and the row names neither."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "digest"], name="one_redeemed_completion")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.digest[:8]}…"
