"""Finding and redacting a subject's identifiers in any model's text and JSON columns.

The database narrows the rows (``icontains`` on text, the stored JSON text for JSON
columns, in both its raw and escaped spellings, and there the username as a whole
string: ``"somchai"``), Python redacts them, and each changed row is saved with
``update_fields``: signals run (the search index re-reads a changed item) and no other
column, not even ``updated_at``, moves.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from cophub.rights.subject import Subject

TEXT_FIELDS = (models.CharField, models.TextField)  # EmailField, SlugField… are CharFields


def text_fields(model: type[models.Model], *, skip_unique: bool = True) -> list[models.Field]:
    """The concrete text and JSON columns of ``model`` a redaction may rewrite: not a
    unique column (a rewrite could collide), not one with choices (codes, not prose)."""
    found = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.choices or (skip_unique and f.unique):
            continue
        if isinstance(f, (*TEXT_FIELDS, models.JSONField)):
            found.append(f)
    return found


def _matching(qs, fields: list[models.Field], subject: Subject, parts: bool):
    terms = subject.terms(parts=parts)
    json_forms = subject.json_forms(parts=parts) + subject.handle_forms()
    conditions, annotations = [], {}
    for f in fields:
        if isinstance(f, models.JSONField):
            alias = f"_{f.name}_text"
            annotations[alias] = Cast(f.name, TextField())
            conditions += [Q(**{f"{alias}__icontains": t}) for t in json_forms]
        else:
            conditions += [Q(**{f"{f.name}__icontains": t}) for t in terms]
    if not conditions:
        return qs.none()
    return qs.alias(**annotations).filter(reduce(or_, conditions))


def redact_rows(
    qs, subject: Subject, *, parts: bool = False, fields: list[models.Field] | None = None
) -> int:
    """Redact the subject's identifiers in ``fields`` (default: every text and JSON
    column) of the rows of ``qs`` that mention them; return how many rows changed."""
    fields = text_fields(qs.model) if fields is None else fields
    changed_rows = 0
    for row in _matching(qs, fields, subject, parts).iterator(chunk_size=500):
        changed = []
        for f in fields:
            value = getattr(row, f.attname)
            if value is None:
                continue
            if isinstance(f, models.JSONField):
                new = subject.redact_value(value, parts=parts)
            else:
                new = subject.redact(value, parts=parts)[: f.max_length or None]
            if new != value:
                setattr(row, f.attname, new)
                changed.append(f.name)
        if changed:
            row.save(update_fields=changed)
            changed_rows += 1
    return changed_rows
