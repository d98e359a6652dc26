"""Template filters over :mod:`cophub.core.thai` (loaded as builtins).

Screens in Thai show Thai digits, the way the ministry writes; screens in
English keep Arabic digits. Formal documents call the ``thai`` module directly.
"""

import datetime as dt

from django import template

from cophub.core import thai

register = template.Library()


def _thai_screen() -> bool:
    return thai.on_thai_screen()


@register.filter
def digits(value):
    """Thai digits on a Thai screen, Arabic digits otherwise."""
    if value is None or value == "":
        return ""
    return thai.thai_digits(value) if _thai_screen() else str(value)


@register.filter
def thai_digits(value):
    """Thai digits always (formal output)."""
    return "" if value is None else thai.thai_digits(value)


@register.filter
def number(value, places=None):
    """Grouped number in the screen's digits: 1234 → ๑,๒๓๔."""
    if value is None or value == "":
        return ""
    return thai.screen_number(value, None if places in (None, "") else int(places))


@register.filter
def thaidate(value, style="medium"):
    """B.E. date with Thai month names (Arabic digits on an English screen)."""
    if not isinstance(value, dt.date):
        return ""
    if _thai_screen():
        return thai.thai_date(value, style=style)
    return value.strftime("%-d %b %Y")


@register.filter
def daterange(start, end=None):
    if not isinstance(start, dt.date):
        return ""
    if _thai_screen():
        return thai.thai_date_range(start, end)
    if end and end != start:
        return f"{start:%-d %b %Y} – {end:%-d %b %Y}"
    return f"{start:%-d %b %Y}"


@register.filter
def be_year(value):
    """A fiscal/B.E. year as shown: ๒๕๖๑ on Thai screens."""
    if value in (None, ""):
        return ""
    return digits(value)
