"""Survey work done by the workers: folding new answers into the running tallies."""

from __future__ import annotations

from cophub.jobs.queue import background, periodic
from cophub.surveys import tallies
from cophub.surveys.models import Response

FOLD_EVERY = 2.0  # seconds; results read the answers not folded yet, so this bounds only work


def _has_new_answers() -> bool:
    return Response.objects.filter(tallied=False).exists()  # the partial index answers this


@periodic(every=FOLD_EVERY, when=_has_new_answers)
@background()
def fold_pending_tallies() -> int:
    """Fold the answers of every survey that has new ones; return how many surveys."""
    survey_ids = sorted(
        set(Response.objects.filter(tallied=False).values_list("survey_id", flat=True)[:10000])
    )
    for start in range(0, len(survey_ids), 100):
        tallies.fold(survey_ids[start : start + 100])
    return len(survey_ids)
