"""Every kind of personal data, one module per app (see ``registry.py``). The order of
the imports does not matter: each section says when it runs."""

from cophub.rights.sections import (  # noqa: F401 - each module registers its section
    audit,
    certificates,
    followups,
    jobs,
    kmplan,
    knowledge,
    outbox,
    privacy,
    profile,
    registrations,
    search,
    surveys,
    sweep,
)
