"""Form fields that follow the Thai rules (people type ๒๕๖๑ as often as 2561).

One mapping covers every form: ``thai_formfield`` turns a model's integer, decimal, date
and date-time fields into the fields below (``ThaiModelForm`` and the admin use it), and
plain forms declare these fields. ``core/tests/test_forms.py`` walks every form of the
project and fails on a number or date field that would lose Thai digits or a B.E. year.
"""

import datetime as dt

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cophub.core.thai import (
    BE_OFFSET,
    FISCAL_YEAR_MAX,
    FISCAL_YEAR_MIN,
    ThaiDateError,
    arabic_digits,
    fiscal_year,
    parse_thai_date,
    parse_thai_datetime,
    screen_digits,
    thai_sorted,
)


class _ThaiNumber:
    """A number typed in Thai or Arabic digits, with or without thousands commas, in a text
    box with a numeric keyboard, not ``type=number``: browsers refuse Thai digits there.
    Min/max messages give the limit in the screen's digits ("ต้องไม่น้อยกว่า ๒๕๐๐")."""

    def widget_attrs(self, widget):
        # Skip the min/max/step attributes, which only a number input takes.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if isinstance(value, str):
            value = arabic_digits(value.strip()).replace(",", "")
        return super().to_python(value)

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except forms.ValidationError as exc:
            for error in exc.error_list:
                if error.params and "limit_value" in error.params:
                    error.params = {
                        **error.params,
                        "limit_value": screen_digits(error.params["limit_value"]),
                    }
            raise


class ThaiIntegerField(_ThaiNumber, forms.IntegerField):
    """An integer that may be typed in Thai digits: people type ๒๕๖๙ as often as 2569."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})


class FiscalYearField(ThaiIntegerField):
    """A Thai fiscal year in B.E. A C.E. year (2026) is told so, with this year's B.E.
    number as the example, rather than "must be at least 2500"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", FISCAL_YEAR_MIN)
        kwargs.setdefault("max_value", FISCAL_YEAR_MAX)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and 1900 <= value < 2400:  # a C.E. year, not a B.E. one
            raise forms.ValidationError(
                _("The fiscal year is a Buddhist Era year, e.g. %(example)s."),
                code="ce_year",
                params={"example": screen_digits(fiscal_year(timezone.localdate()))},
            )


class ThaiDecimalField(_ThaiNumber, forms.DecimalField):
    """A decimal that may be typed in Thai digits (๙๐.๕๐)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class ThaiDateField(forms.DateField):
    """A date typed the Thai way: ๓ ต.ค. ๒๕๖๘, 3/10/2568, 2025-10-03 (``core.thai``).

    A text box, not ``type=date``: the browser's picker shows mm/dd/yyyy in C.E. and turns
    a B.E. year into a date five centuries ahead. Shown back as ๓/๑๐/๒๕๖๘ on Thai screens.
    """

    widget = forms.TextInput(attrs={"autocomplete": "off", "placeholder": "๓/๑๐/๒๕๖๘"})
    default_error_messages = {
        "invalid": _("Type a date as day/month/B.E. year, e.g. 3/10/2568 or ๓ ต.ค. ๒๕๖๘."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Day/month/B.E. year, e.g. 3/10/2568 or ๓ ต.ค. ๒๕๖๘."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return screen_digits(f"{value.day}/{value.month}/{value.year + BE_OFFSET}")
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_thai_date(value)
        except ThaiDateError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ThaiDateTimeField(forms.DateTimeField):
    """A date and time typed the Thai way: ๑๕/๐๓/๒๕๖๙ ๐๙.๓๐ น., 15/03/2569 09:00.
    No time is the start of the day; the time is the site's (Asia/Bangkok)."""

    widget = forms.TextInput(attrs={"autocomplete": "off", "placeholder": "๑๕/๐๓/๒๕๖๙ ๐๙:๐๐"})
    default_error_messages = {
        "invalid": _(
            "Type a date and time as day/month/B.E. year hours:minutes, e.g. 15/03/2569 09:00."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("Day/month/B.E. year hours:minutes, e.g. 15/03/2569 09:00.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return screen_digits(f"{local:%d/%m}/{local.year + BE_OFFSET} {local:%H:%M}")
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        try:
            moment = parse_thai_datetime(value)
        except ThaiDateError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return timezone.make_aware(moment)


# The model fields whose default form fields lose Thai input, and what replaces them.
THAI_FORMFIELDS = {
    models.DateTimeField: ThaiDateTimeField,
    models.DateField: ThaiDateField,
    models.DecimalField: ThaiDecimalField,
    models.IntegerField: ThaiIntegerField,  # PositiveSmallIntegerField etc. are subclasses
}


def thai_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """``formfield_callback`` for ModelForms and the admin: Thai-aware number and date fields."""
    if not db_field.choices:
        for model_field, form_field in THAI_FORMFIELDS.items():
            if isinstance(db_field, model_field) and not isinstance(db_field, models.AutoField):
                kwargs.setdefault("form_class", form_field)
                kwargs.pop("widget", None)
                break
    return db_field.formfield(**kwargs)


class ThaiModelForm(forms.ModelForm):
    """A ModelForm whose number and date fields take Thai digits and B.E. dates. A subclass's
    ``Meta`` inherits ``ThaiModelForm.Meta`` (Django reads the callback from ``Meta``)."""

    class Meta:
        formfield_callback = staticmethod(thai_formfield)


class _ThaiOrder(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = (
            self.queryset if self.queryset._prefetch_related_lookups else self.queryset.iterator()
        )
        for obj in thai_sorted(rows, key=self.field.label_from_instance):
            yield self.choice(obj)


class ThaiModelChoiceField(forms.ModelChoiceField):
    """Choices in Thai dictionary order (เชียงราย before แม่ฮ่องสอน), not the database's
    code-point order, which puts every word spelt with a leading vowel last."""

    iterator = _ThaiOrder


class ThaiModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _ThaiOrder


class LinesField(forms.CharField):
    """A textarea where each non-empty line is one item of an ordered list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, max_lines: int = 50, **kwargs):
        self.max_lines = max_lines
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One per line, in order."))
        super().__init__(strip=True, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        lines = [" ".join(line.split()) for line in text.splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > self.max_lines:
            raise forms.ValidationError(_("At most %(n)d lines."), params={"n": self.max_lines})
        return lines
