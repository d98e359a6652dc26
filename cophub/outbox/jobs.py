"""Found by ``JobsConfig.ready`` in every process: importing the outbox's tasks puts the
sweep (``outbox_sweep``, every minute) on the workers' periodic list."""

from cophub.outbox import tasks  # noqa: F401
