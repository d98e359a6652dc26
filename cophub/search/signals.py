"""Keep programs and activities in the search index without touching the programs app.

The programs app writes through its own services, which know nothing of search; a
``post_save``/``post_delete`` receiver here indexes each change in the same
transaction. Objectives and outcomes are written with ``bulk_create`` after the
program row (no signal), so the program is indexed once more when the transaction
commits. Deletes of communities and knowledge items made outside our services (the
admin) are caught here too, so the index never points at something gone.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cophub.knowledge.models import Community, KnowledgeItem
from cophub.programs.models import Activity, Program, Site
from cophub.search import sources


def _program_on_commit(program_id: int) -> None:
    def run():
        program = Program.objects.filter(pk=program_id).first()
        if program is not None:
            sources.index_program(program)

    transaction.on_commit(run)


@receiver(post_save, sender=Program, dispatch_uid="search_program_saved")
def program_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    sources.index_program(instance)
    _program_on_commit(instance.pk)


@receiver(post_delete, sender=Program, dispatch_uid="search_program_deleted")
def program_deleted(sender, instance, **kwargs):
    sources.remove("program", instance.pk)


@receiver(post_save, sender=Activity, dispatch_uid="search_activity_saved")
def activity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sources.index_activity(instance)


@receiver(post_delete, sender=Activity, dispatch_uid="search_activity_deleted")
def activity_deleted(sender, instance, **kwargs):
    sources.remove("activity", instance.pk)


@receiver(post_save, sender=Site, dispatch_uid="search_site_saved")
def site_saved(sender, instance, raw=False, **kwargs):
    if not raw and Activity.objects.filter(pk=instance.activity_id).exists():
        sources.index_activity(instance.activity)


@receiver(post_delete, sender=Community, dispatch_uid="search_community_deleted")
def community_deleted(sender, instance, **kwargs):
    sources.remove("community", instance.pk)


@receiver(post_delete, sender=KnowledgeItem, dispatch_uid="search_item_deleted")
def item_deleted(sender, instance, **kwargs):
    sources.remove("knowledge", instance.pk)
