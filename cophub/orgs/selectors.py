"""Reads for organisations and provinces, including name look-ups used by imports."""

from __future__ import annotations

import re

from django.db.models import F, Q

from cophub.accounts.models import User
from cophub.core.thai import thai_sorted
from cophub.orgs.models import Organization, Province

_PROVINCE_PREFIX = re.compile(r"^\s*(จังหวัด|จ\.)\s*")


def province_by_name(name: str) -> Province | None:
    """Find a province by its Thai name (with or without จังหวัด/จ.) or English name."""
    text = _PROVINCE_PREFIX.sub("", name or "").strip()
    if not text:
        return None
    return (
        Province.objects.filter(name_th=text).first()
        or Province.objects.filter(name_en__iexact=text).first()
        or (Province.objects.filter(name_th="กรุงเทพมหานคร").first() if text == "กทม." else None)
    )


def organization_by_name(name: str) -> Organization | None:
    """Find an organisation by its exact name, abbreviation or code."""
    text = " ".join((name or "").split())
    if not text:
        return None
    return (
        Organization.objects.filter(name=text).order_by("pk").first()
        or Organization.objects.filter(short_name=text).order_by("pk").first()
        or Organization.objects.filter(code=text).first()
    )


def organization_choices():
    return Organization.objects.exclude(kind=Organization.Kind.EXTERNAL).select_related("parent")


def staff_list(*, query: str = "", role: str = "") -> list:
    """Accounts with their staff record, for the admins' page, in Thai name order.
    One query: the organisation's name rides along as an annotation."""
    users = User.objects.annotate(
        organization_name=F("person__organization__name"),
        position=F("person__position"),
    )
    if role:
        users = users.filter(role=role)
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(first_name__icontains=query)
            | Q(last_name__icontains=query) | Q(email__icontains=query)
        )  # fmt: skip
    people = list(users[:500])
    for u in people:
        u.display_name = u.get_full_name() or u.username
    return thai_sorted(people, key=lambda u: u.display_name)
