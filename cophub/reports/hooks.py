"""What apps above reports add to the report, without reports importing them.

Follow-up surveys measure whether participants applied what they learned; the report's
outcomes section states those figures beside the written outcomes. Reports sits below
followups in the layers (import-linter checks it), so followups registers its provider
here from its ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable

# activity ids → {activity id: adoption}, each with ``invited``, ``answered``, ``applied``
# and ``rate`` (percent of those who answered, a Decimal, or None); in a fixed number of
# queries. Activities without a follow-up are absent.
ADOPTION: list[Callable[[list[int]], dict[int, object]]] = []


def adoption_of(activity_ids: list[int]) -> dict[int, object]:
    found: dict[int, object] = {}
    for provider in ADOPTION:
        found.update(provider(activity_ids))
    return found
