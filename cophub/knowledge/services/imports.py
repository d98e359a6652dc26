"""Loading knowledge items from JSON Lines: one item a line, each line on its own.

A good line is loaded in its own transaction; a bad one is reported by its number
and nothing of it is written. A community named that does not exist yet is created
(the importing user becomes its facilitator).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from cophub.accounts.models import User
from cophub.core.errors import DomainError
from cophub.knowledge.models import Community, KnowledgeItem
from cophub.knowledge.services.communities import community_create
from cophub.knowledge.services.items import ItemData, item_create

REQUIRED = ("title", "body", "kind", "tags", "community")


@dataclass
class LineResult:
    line: int
    item: KnowledgeItem | None = None
    problem: str = ""


def read_line(text: str) -> tuple[dict | None, str]:
    """The fields of one line, or a message saying what is wrong with it."""
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return None, _("not valid JSON")
    if not isinstance(obj, dict):
        return None, _("not a JSON object")
    missing = [k for k in REQUIRED if k not in obj]
    if missing:
        return None, _("missing %(fields)s") % {"fields": ", ".join(missing)}
    for key in ("title", "body", "kind", "community"):
        if not isinstance(obj[key], str):
            return None, _("“%(field)s” must be text") % {"field": key}
    title, community = " ".join(obj["title"].split()), " ".join(obj["community"].split())
    if not title or len(title) > 300:
        return None, _("“title” must be 1 to 300 characters")
    if not community or len(community) > 200:
        return None, _("“community” must be 1 to 200 characters")
    if obj["kind"] not in KnowledgeItem.Kind.values:
        return None, _("“kind” must be one of %(kinds)s") % {
            "kinds": ", ".join(KnowledgeItem.Kind.values)
        }
    tags = obj["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        return None, _("“tags” must be a list of text")
    visibility = obj.get("visibility", KnowledgeItem.Visibility.PUBLIC)
    if visibility not in KnowledgeItem.Visibility.values:
        return None, _("“visibility” must be public or members")
    return {
        "title": title, "body": obj["body"], "kind": obj["kind"], "tags": tags,
        "community": community, "visibility": visibility,
    }, ""  # fmt: skip


def import_lines(
    *,
    actor: User,
    lines: Iterable[str],
    after: int = 0,
    on_line: Callable[[LineResult], None] | None = None,
) -> list[LineResult]:
    """Load every good line after line ``after``. ``on_line(result)`` is called for each
    line, inside that line's transaction: a job records there how far it got, so a job
    killed half-way and run again starts where the first run's last commit left off."""
    results = []
    for number, text in enumerate(lines, 1):
        if number <= after or not text.strip():
            continue
        fields, problem = read_line(text)
        if fields is None:
            result = LineResult(number, problem=problem)
            with transaction.atomic():
                if on_line:
                    on_line(result)
            results.append(result)
            continue
        try:
            with transaction.atomic():
                community = Community.objects.filter(name__iexact=fields["community"]).first()
                if community is None:
                    community = community_create(actor=actor, name=fields["community"])
                item = item_create(
                    actor=actor,
                    community=community,
                    data=ItemData(
                        kind=fields["kind"], title=fields["title"], body=fields["body"],
                        tags=fields["tags"], visibility=fields["visibility"],
                    ),
                )  # fmt: skip
                result = LineResult(number, item=item)
                if on_line:
                    on_line(result)
        except DomainError as exc:
            result = LineResult(number, problem=exc.message)
            with transaction.atomic():
                if on_line:
                    on_line(result)
        results.append(result)
    return results
