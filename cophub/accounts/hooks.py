"""What apps above accounts add to the profile page, without accounts importing them.

The profile page is the person's own place: the privacy app lists their consents there
(with a withdraw button), the rights app their data requests. Accounts sits below both in
the layers (import-linter checks it), so they register their panels here from their
``AppConfig.ready``, as programs' hooks do for activity pages.
"""

from __future__ import annotations

from collections.abc import Callable

# user → extra template context for the profile page
PROFILE_CONTEXT: list[Callable[[object], dict]] = []
# template names the profile page includes, in order, with that context
PROFILE_PANELS: list[str] = []


def profile_context(user) -> dict:
    context: dict = {}
    for provider in PROFILE_CONTEXT:
        context.update(provider(user))
    return context
