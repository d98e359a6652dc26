"""The safety net, run after every other section: any text or JSON column of any model
that still holds the person's whole name, e-mail or telephone has them redacted (the
Django admin's log, a program text that named them, a job's subject…).

Left out: people and accounts (another person may share a name; the person's own rows
are the profile section's), the search index (it is rebuilt from the rows it reads, by
the signals of each save), the sessions (signed, decoded by the profile section) and
survey answers and tallies (the words an answer counted move with it: the surveys
section redacts every answer that names the person).
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import pgettext_lazy

from cophub.rights.registry import section
from cophub.rights.scrub import redact_rows, text_fields
from cophub.rights.subject import Erasure

SKIP = {
    "orgs.person", "accounts.user", "search.searchdocument", "sessions.session",
    "surveys.tally", "surveys.response", "rights.datarequest", "rights.retentionrun",
    "contenttypes.contenttype", "auth.permission",
}  # fmt: skip


@section("sweep", title=pgettext_lazy("personal data", "Everything else"), order=999)
class Sweep:
    @staticmethod
    def erase(erasure: Erasure) -> int:
        total = 0
        for model in apps.get_models():
            if model._meta.label_lower in SKIP or model._meta.proxy or not model._meta.managed:
                continue
            if text_fields(model):
                total += redact_rows(model._default_manager.all(), erasure.subject)
        erasure.counts["other_rows"] += total
        return total
