"""What apps above programs add to program and activity pages, without programs importing them.

Surveys know each activity's satisfaction and whether its results may be seen; the program
pages show both. Participants add a panel to the activity page (registration, check-in).
Programs sits below both in the layers (import-linter checks it), so those apps register
their providers here from their ``AppConfig.ready`` instead.
"""

from __future__ import annotations

from collections.abc import Callable

from cophub.programs.models import Activity

# activities → {activity id: satisfaction}, for list and detail pages in a fixed number of queries
SATISFACTION: list[Callable[[list[Activity]], dict[int, object]]] = []
# (user, activity) → extra template context for the activity page
ACTIVITY_CONTEXT: list[Callable[[object, Activity], dict]] = []
# template names the activity page includes, in order, with that context (participants'
# panel: counts, roster, registering, check-in)
ACTIVITY_PANELS: list[str] = []


def attach_satisfaction(activities: list[Activity]) -> None:
    """Set ``activity.satisfaction`` on each (None when no app knows one)."""
    found: dict[int, object] = {}
    for provider in SATISFACTION:
        found.update(provider(activities))
    for activity in activities:
        activity.satisfaction = found.get(activity.pk)


def activity_context(user, activity: Activity) -> dict:
    context: dict = {}
    for provider in ACTIVITY_CONTEXT:
        context.update(provider(user, activity))
    return context
