"""``moment``: a date and time the way the ministry writes it, ๒ ธันวาคม ๒๕๖๙ ๐๙:๓๐ น."""

import datetime as dt

from django import template
from django.utils import timezone

from cophub.core.thai import on_thai_screen, thai_date, thai_digits

register = template.Library()


@register.filter
def moment(value):
    if not isinstance(value, dt.datetime):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if not on_thai_screen():
        return local.strftime("%-d %b %Y %H:%M")
    return f"{thai_date(local, style='medium')} {thai_digits(local.strftime('%H:%M'))} น."
