"""Labels Django makes from names: a field or model declared without a verbose name is
labelled from its name ("created_at" → "created at"), in English, on every admin page.

``translate_default_labels`` turns each such label into a gettext string once the models
are loaded, so the admin (and any model form) shows it in the reader's language; the
list below is what makemessages extracts, so the Thai catalogue keeps their translations.
They carry the context "field name": "position" is an order here (ลำดับ) but a job title
(ตำแหน่ง) where a model declares it, and one must not overwrite the other.
Migrations are not touched: a field's declared verbose name (``_verbose_name``) and a
model's declared options (``original_attrs``) are what they record, and stay as they are.
"""

from __future__ import annotations

from django.apps import apps
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import pgettext_lazy

from cophub.core.thai import on_thai_screen

LABELS = [
    pgettext_lazy("field name", "activity"),
    pgettext_lazy("field name", "activity code"),
    pgettext_lazy("field name", "answered at"),
    pgettext_lazy("field name", "answers"),
    pgettext_lazy("field name", "area"),
    pgettext_lazy("field name", "attachment"),
    pgettext_lazy("field name", "attempts"),
    pgettext_lazy("field name", "author"),
    pgettext_lazy("field name", "author id"),
    pgettext_lazy("field name", "back url"),
    pgettext_lazy("field name", "beat at"),
    pgettext_lazy("field name", "body"),
    pgettext_lazy("field name", "by"),
    pgettext_lazy("field name", "cells"),
    pgettext_lazy("field name", "checkin code"),
    pgettext_lazy("field name", "client id"),
    pgettext_lazy("field name", "code"),
    pgettext_lazy("field name", "comment"),
    pgettext_lazy("field name", "community"),
    pgettext_lazy("field name", "community activity"),
    pgettext_lazy("field name", "community id"),
    pgettext_lazy("field name", "content type"),
    pgettext_lazy("field name", "count"),
    pgettext_lazy("field name", "created at"),
    pgettext_lazy("field name", "created by"),
    pgettext_lazy("field name", "current version"),
    pgettext_lazy("field name", "decided at"),
    pgettext_lazy("field name", "decided by"),
    pgettext_lazy("field name", "digest"),
    pgettext_lazy("field name", "done"),
    pgettext_lazy("field name", "editor"),
    pgettext_lazy("field name", "erased"),
    pgettext_lazy("field name", "error code"),
    pgettext_lazy("field name", "error params"),
    pgettext_lazy("field name", "fields"),
    pgettext_lazy("field name", "file"),
    pgettext_lazy("field name", "finished at"),
    pgettext_lazy("field name", "fiscal year"),
    pgettext_lazy("field name", "hidden"),
    pgettext_lazy("field name", "host"),
    pgettext_lazy("field name", "id"),
    pgettext_lazy("field name", "invitation"),
    pgettext_lazy("field name", "is draft"),
    pgettext_lazy("field name", "item"),
    pgettext_lazy("field name", "job"),
    pgettext_lazy("field name", "join request"),
    pgettext_lazy("field name", "joined at"),
    pgettext_lazy("field name", "kind"),
    pgettext_lazy("field name", "knowledge item"),
    pgettext_lazy("field name", "last at"),
    pgettext_lazy("field name", "late"),
    pgettext_lazy("field name", "log"),
    pgettext_lazy("field name", "members only"),
    pgettext_lazy("field name", "membership"),
    pgettext_lazy("field name", "message"),
    pgettext_lazy("field name", "method"),
    pgettext_lazy("field name", "name"),
    pgettext_lazy("field name", "nonce"),
    pgettext_lazy("field name", "number"),
    pgettext_lazy("field name", "object id"),
    pgettext_lazy("field name", "organization id"),
    pgettext_lazy("field name", "owner"),
    pgettext_lazy("field name", "params"),
    pgettext_lazy("field name", "parent"),
    pgettext_lazy("field name", "periodic run"),
    pgettext_lazy("field name", "person"),
    pgettext_lazy("field name", "pid"),
    pgettext_lazy("field name", "plan"),
    pgettext_lazy("field name", "policy"),
    pgettext_lazy("field name", "position"),
    pgettext_lazy("field name", "program"),
    pgettext_lazy("field name", "published by"),
    pgettext_lazy("field name", "question"),
    pgettext_lazy("field name", "questions"),
    pgettext_lazy("field name", "questions revision"),
    pgettext_lazy("field name", "reason"),
    pgettext_lazy("field name", "received at"),
    pgettext_lazy("field name", "recorded by"),
    pgettext_lazy("field name", "redeemed completion"),
    pgettext_lazy("field name", "registered at"),
    pgettext_lazy("field name", "registration"),
    pgettext_lazy("field name", "request id"),
    pgettext_lazy("field name", "respondent"),
    pgettext_lazy("field name", "response"),
    pgettext_lazy("field name", "result"),
    pgettext_lazy("field name", "result file"),
    pgettext_lazy("field name", "result name"),
    pgettext_lazy("field name", "revision"),
    pgettext_lazy("field name", "runner"),
    pgettext_lazy("field name", "scanned at"),
    pgettext_lazy("field name", "scoring policy"),
    pgettext_lazy("field name", "search document"),
    pgettext_lazy("field name", "serial"),
    pgettext_lazy("field name", "size"),
    pgettext_lazy("field name", "started at"),
    pgettext_lazy("field name", "status"),
    pgettext_lazy("field name", "subject"),
    pgettext_lazy("field name", "submitted at"),
    pgettext_lazy("field name", "survey"),
    pgettext_lazy("field name", "survey answered"),
    pgettext_lazy("field name", "survey ticket"),
    pgettext_lazy("field name", "survey ticket issued"),
    pgettext_lazy("field name", "survey version"),
    pgettext_lazy("field name", "tag"),
    pgettext_lazy("field name", "tags"),
    pgettext_lazy("field name", "tallied"),
    pgettext_lazy("field name", "tally"),
    pgettext_lazy("field name", "text"),
    pgettext_lazy("field name", "title"),
    pgettext_lazy("field name", "token"),
    pgettext_lazy("field name", "total"),
    pgettext_lazy("field name", "type"),
    pgettext_lazy("field name", "updated at"),
    pgettext_lazy("field name", "uploaded at"),
    pgettext_lazy("field name", "uploaded by"),
    pgettext_lazy("field name", "url"),
    pgettext_lazy("field name", "useful mark"),
    pgettext_lazy("field name", "user"),
    pgettext_lazy("field name", "value"),
    pgettext_lazy("field name", "version"),
    pgettext_lazy("field name", "worker beat"),
    pgettext_lazy("field name", "worker id"),
]


def _plural(singular, english_plural: str):
    """Thai has no plural: the singular on a Thai screen, Django's "…s" otherwise."""
    return lazy(lambda: str(singular) if on_thai_screen() else english_plural, str)()


def translate_default_labels() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("cophub"):
            continue
        for model in config.get_models():
            meta = model._meta
            if "verbose_name" not in meta.original_attrs:
                meta.verbose_name = pgettext_lazy("field name", meta.verbose_name)
            if "verbose_name_plural" not in meta.original_attrs:
                with translation.override("en"):
                    english = str(meta.verbose_name_plural)
                meta.verbose_name_plural = _plural(meta.verbose_name, english)
            for field in meta.get_fields():
                if not field.auto_created and getattr(field, "_verbose_name", "") is None:
                    field.verbose_name = pgettext_lazy("field name", field.verbose_name)
