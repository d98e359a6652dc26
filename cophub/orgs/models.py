from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cophub.core import thai


class Province(models.Model):
    class Region(models.TextChoices):
        NORTH = "north", _("North")
        NORTHEAST = "northeast", _("Northeast")
        CENTRAL = "central", pgettext_lazy("region", "Central")
        EAST = "east", _("East")
        WEST = "west", _("West")
        SOUTH = "south", _("South")

    code = models.CharField(_("code"), max_length=2, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name_th


class Organization(models.Model):
    """A unit in the government tree (ministry → department/state enterprise → office),
    or an outside organisation that hosts a visit."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
        OFFICE = "office", _("Office")
        EXTERNAL = "external", _("Outside organisation")

    class Scope(models.TextChoices):
        CENTRAL = "central", _("Central")
        REGIONAL = "regional", _("Regional")

    code = models.CharField(_("code"), max_length=32, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    short_name = models.CharField(_("abbreviation"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    scope = models.CharField(
        _("central or regional"), max_length=10, choices=Scope.choices, default=Scope.CENTRAL
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_in_parent")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    prefix = models.CharField(_("name prefix"), max_length=50, blank=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    # Two numbers on two lawful bases: ``phone`` is the work telephone the agency lists (an
    # import, an organiser; public task); ``mobile`` is the one the person gives on consent
    # (privacy's ``optional_contact``), and withdrawing that consent clears it alone.
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    mobile = models.CharField(
        _("mobile telephone"), max_length=50, blank=True,
        help_text=_("Given by the person on consent; withdrawing the consent clears it."),
    )  # fmt: skip
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return thai.person_name(self.prefix, self.first_name, self.last_name)
