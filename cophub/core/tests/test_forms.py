"""Every form of the project takes Thai digits in its numbers and B.E. years in its dates,
through one mapping (core/forms.py), not field by field."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.test import override_settings
from django.utils import timezone, translation

import cophub
from cophub.core.forms import (
    FiscalYearField,
    ThaiDateField,
    ThaiDateTimeField,
    ThaiDecimalField,
    ThaiIntegerField,
)

NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)
DATE_FIELDS = (forms.DateField, forms.DateTimeField)
THAI_FIELDS = (ThaiIntegerField, ThaiDecimalField, ThaiDateField, ThaiDateTimeField)


def project_forms():
    for module in pkgutil.walk_packages(cophub.__path__, "cophub."):
        if (
            ".tests" in module.name
            or "migrations" in module.name
            or not (
                module.name.endswith(".forms")
                or ".forms." in module.name
                or module.name.endswith("forms")
            )
        ):
            continue
        loaded = importlib.import_module(module.name)
        for _name, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == loaded.__name__:
                yield cls


def test_no_form_has_a_number_or_date_field_that_loses_thai_input():
    checked, offending = 0, []
    for form in project_forms():
        for name, field in form.base_fields.items():
            if isinstance(field, NUMBER_FIELDS + DATE_FIELDS):
                checked += 1
                hidden = isinstance(field.widget, forms.HiddenInput)
                if not hidden and not isinstance(field, THAI_FIELDS):
                    offending.append(f"{form.__module__}.{form.__name__}.{name}")
                if isinstance(field.widget, forms.NumberInput | forms.DateInput) and not hidden:
                    offending.append(f"{form.__module__}.{form.__name__}.{name}: browser widget")
    assert offending == []
    assert checked >= 10  # activity numbers, counts, percent, dates, fiscal years, times…


@pytest.mark.parametrize(
    ("field", "typed", "value"),
    [
        (ThaiIntegerField(), "๓๖", 36),
        (ThaiIntegerField(), " 1,200 ", 1200),
        (ThaiDecimalField(max_digits=5, decimal_places=2), "๙๐.๕๐", Decimal("90.50")),
        (ThaiDateField(), "๓ ต.ค. ๒๕๖๘", dt.date(2025, 10, 3)),
        (ThaiDateField(), "3/10/2568", dt.date(2025, 10, 3)),
        (ThaiDateField(), "3 ตุลาคม 2568", dt.date(2025, 10, 3)),
        (ThaiDateField(), "๐๓/๑๐/๖๘", dt.date(2025, 10, 3)),
        (ThaiDateField(), "2025-10-03", dt.date(2025, 10, 3)),
        (ThaiDateField(), "3/10/2025", dt.date(2025, 10, 3)),
    ],
)
def test_thai_fields_read_what_people_type(field, typed, value):
    assert field.clean(typed) == value


@override_settings(TIME_ZONE="Asia/Bangkok")
def test_a_date_and_time_in_thai_digits_is_bangkok_time():
    moment = ThaiDateTimeField().clean("๑๕/๐๓/๒๕๖๙ ๐๙.๓๐ น.")
    assert timezone.localtime(moment).replace(tzinfo=None) == dt.datetime(2026, 3, 15, 9, 30)


def test_dates_are_shown_back_in_thai():
    with translation.override("th"):
        assert ThaiDateField().prepare_value(dt.date(2025, 10, 3)) == "๓/๑๐/๒๕๖๘"
    with translation.override("en"):
        assert ThaiDateField().prepare_value(dt.date(2025, 10, 3)) == "3/10/2568"


def test_a_fiscal_year_in_the_common_era_is_told_so_in_thai():
    with translation.override("th"), pytest.raises(forms.ValidationError) as caught:
        FiscalYearField().clean("2026")
    (message,) = caught.value.messages
    assert message.startswith("ปีงบประมาณเป็นปี พ.ศ. เช่น ๒๕")
    assert FiscalYearField().clean("๒๕๖๙") == 2569


def test_limits_are_told_in_thai_digits():
    with translation.override("th"), pytest.raises(forms.ValidationError) as caught:
        ThaiIntegerField(min_value=10).clean("๓")
    assert caught.value.messages == ["ค่านี้ต้องไม่น้อยกว่า ๑๐"]


def test_an_unreadable_date_says_how_to_type_one():
    with translation.override("th"), pytest.raises(forms.ValidationError) as caught:
        ThaiDateField().clean("31/02/2569")
    assert "๓/๑๐/๒๕๖๘" in caught.value.messages[0]


OFF_THE_CALENDAR = [
    "0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01", "31/12/2442", "1/1/2744",
    "1 ม.ค. 9999", "๓๑/๑๒/๙๙๙๙",
]  # fmt: skip


@pytest.mark.parametrize(
    ("field", "typed"),
    [(ThaiDateField, t) for t in OFF_THE_CALENDAR]
    + [(ThaiDateTimeField, t) for t in OFF_THE_CALENDAR]
    + [(ThaiDateTimeField, t) for t in ("31/12/9999 23:00", "0001-01-01 00:00", "2201-01-01T00:00")],
)  # fmt: skip
def test_a_year_off_the_calendar_is_refused_as_unreadable(field, typed):
    """Python's dates reach 1–9999; a date at either edge was saved, then a page adding
    72 hours to it (a breach's deadline) failed with a 500. C.E. 1900–2200 only."""
    with translation.override("th"):
        with pytest.raises(forms.ValidationError) as caught:
            field().clean(typed)
        assert caught.value.code == "invalid"
        assert caught.value.messages == [
            "โปรดพิมพ์วันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น ๓/๑๐/๒๕๖๘ หรือ ๓ ต.ค. ๒๕๖๘"
            if field is ThaiDateField
            else "โปรดพิมพ์วันที่และเวลาเป็น วัน/เดือน/ปี พ.ศ. ชั่วโมง:นาที เช่น ๑๕/๐๓/๒๕๖๙ ๐๙:๐๐"
        ]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1900-01-01", dt.date(1900, 1, 1)), ("1/1/2443", dt.date(1900, 1, 1)),
     ("2200-12-31", dt.date(2200, 12, 31)), ("31/12/2743", dt.date(2200, 12, 31))],
)  # fmt: skip
def test_the_calendars_edges_are_kept(typed, value):
    assert ThaiDateField().clean(typed) == value
    moment = ThaiDateTimeField().clean(f"{typed} 23:59")
    assert timezone.localtime(moment).date() == value


def test_every_list_of_choices_from_the_database_is_in_thai_order():
    from cophub.core.forms import ThaiModelChoiceField, ThaiModelMultipleChoiceField

    plain = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in project_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and not isinstance(field, ThaiModelChoiceField | ThaiModelMultipleChoiceField)
    ]
    assert plain == []


@pytest.mark.django_db
def test_provinces_are_offered_in_dictionary_order():
    """Code-point order puts every name spelt with a leading vowel (เ แ โ) last."""
    from cophub.programs.forms import SiteForm

    labels = [label for _value, label in SiteForm().fields["province"].choices]
    assert labels.index("เชียงราย") < labels.index("นครราชสีมา") < labels.index("แม่ฮ่องสอน")
    assert labels.index("แม่ฮ่องสอน") < labels.index("ยโสธร")
