"""The Django admin in Thai: every changelist and change page, as a superuser, names apps,
models, fields and filters in Thai and writes dates with B.E. years.

"Known English labels" are our own: every app's, model's and field's verbose name and
every filter title as written in the source (gettext's msgids). A Thai page that still
shows one was left untranslated or never wrapped in gettext.
"""

import datetime as dt
import html
import json
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from cophub.accounts.models import User

pytestmark = pytest.mark.django_db

# Labels that read the same in Thai (names and abbreviations).
SAME_IN_THAI = {"URL", "API", "QR", "CoP Hub", "ID", "IP", "E-mail", "PDF", "SMTP"}
# Apps from outside whose labels are not ours to translate.
THIRD_PARTY = {"axes", "django_tasks_database", "django_tasks", "auth"}


def _english_labels() -> set[str]:
    labels: set[str] = set()
    with translation.override("en"):
        for config in apps.get_app_configs():
            if not config.name.startswith("cophub"):
                continue
            labels.add(str(config.verbose_name))
            for model in config.get_models():
                meta = model._meta
                labels |= {str(meta.verbose_name), str(meta.verbose_name_plural)}
                for f in meta.get_fields():
                    if hasattr(f, "verbose_name") and not f.auto_created:
                        labels.add(str(f.verbose_name))
        for model_admin in admin.site._registry.values():
            for item in model_admin.list_filter:
                if isinstance(item, type) and issubclass(item, SimpleListFilter):
                    labels.add(str(item.title))
    return {
        label for label in labels if label not in SAME_IN_THAI and re.search(r"[A-Za-z]{3}", label)
    }


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


# Where a page names things: headers, labels, headings, filter titles, breadcrumbs (data
# in the cells, such as a user name "coordinator", is not a label).
_LABEL_PLACES = re.compile(
    r"<(th|label|h1|h2|h3|caption|legend|summary)\b[^>]*>(.*?)</\1>"
    r'|<(?:div|nav) class="breadcrumbs"[^>]*>(.*?)</(?:div|nav)>',
    re.S | re.I,
)


def _label_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    # A changelist's first cell is a <th class="field-…"> holding the row's data.
    page = re.sub(r'<th class="field-[^"]*"[^>]*>.*?</th>', " ", page, flags=re.S)
    parts = [m.group(2) or m.group(3) or "" for m in _LABEL_PLACES.finditer(page)]
    return _visible_text(" | ".join(parts))


def _admin_pages() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label in THIRD_PARTY:
            continue
        try:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        except NoReverseMatch:
            continue
        urls.append(reverse("admin:app_list", args=[meta.app_label]))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    return list(dict.fromkeys(urls))


@pytest.fixture
def superuser_client(admin_user) -> Client:
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    client.force_login(admin_user)
    return client


def test_every_admin_page_is_in_thai_with_be_years(superuser_client):
    english = _english_labels()
    usernames = set(User.objects.values_list("username", flat=True))
    this_year = str(timezone.localdate().year)
    found: dict[str, list[str]] = {}
    for url in _admin_pages():
        response = superuser_client.get(url, HTTP_ACCEPT_LANGUAGE="th")
        assert response.status_code == 200, url
        page = response.content.decode()
        labels = _label_text(page)
        for name in usernames:  # an account's name is data, not a label (a breadcrumb)
            labels = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", labels)
        bad = [
            label for label in english
            if re.search(rf"(?<![A-Za-z]){re.escape(label)}(?![A-Za-z])", labels, re.I)
        ]  # fmt: skip
        if re.search(rf"(?<!\d){this_year}(?!\d)", _visible_text(page)):
            bad.append(f"C.E. year {this_year}")
        if bad:
            found[url] = sorted(bad)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_labels_django_made_from_names_read_in_the_readers_language():
    from cophub.knowledge.models import Comment

    created = Comment._meta.get_field("created_at")
    with translation.override("th"):
        assert (str(Comment._meta.verbose_name_plural), str(created.verbose_name)) == (
            "ความคิดเห็น", "สร้างเมื่อ",
        )  # fmt: skip
    with translation.override("en"):
        assert (str(Comment._meta.verbose_name_plural), str(created.verbose_name)) == (
            "comments", "created at",
        )  # fmt: skip
    # What migrations record is untouched: no verbose name was declared.
    assert "verbose_name" not in created.deconstruct()[3]


def test_admin_dates_are_written_with_be_years_on_a_thai_screen():
    from django.contrib.admin.templatetags.admin_list import display_for_field
    from django.db import models

    when = timezone.make_aware(dt.datetime(2026, 12, 2, 9, 30))
    with translation.override("th"):
        assert display_for_field(when, models.DateTimeField(), "-") == "๒ ธันวาคม ๒๕๖๙ ๐๙:๓๐ น."
        assert display_for_field(dt.date(2026, 3, 5), models.DateField(), "-") == "๕ มีนาคม ๒๕๖๙"
    with translation.override("en"):
        assert "2026" in display_for_field(when, models.DateTimeField(), "-")
