"""Keep the index current by watching the apps' models: they never import search.

Every save or delete of something searchable (or of a part of it: an activity's sites,
its community link, an item's tags) asks for that thing to be indexed once its
transaction commits (``tasks.index_later``: once per transaction per object). The job
reads the rows as committed, so objectives written with ``bulk_create`` after their
program, or tags set after their item, are in the document without a signal of their
own. Saves made by ``loaddata`` (``raw``) are not indexed, as Django asks of receivers;
``cophub reindex`` covers them.

Who may see a document is not left to the job, which may run much later (or never,
with no worker): an item's save narrows its indexed row's visibility columns at once,
in the save's transaction (``index.index_narrow``, loaddata's saves too), and a
deleted thing's row is removed at once. Only the words wait for the job.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from cophub.knowledge.models import Community, CommunityActivity, KnowledgeItem
from cophub.programs.models import Activity, Program, Site
from cophub.search.index import index_narrow, index_remove
from cophub.search.sources import knowledge_visibility
from cophub.search.tasks import index_later


@receiver(post_save, sender=KnowledgeItem, dispatch_uid="search_item_saved")
def item_saved(sender, instance, raw=False, **kwargs):
    index_narrow("knowledge", instance.pk, knowledge_visibility(instance))
    if not raw:
        index_later("knowledge", instance.pk)


@receiver(post_delete, sender=KnowledgeItem, dispatch_uid="search_item_deleted")
def item_deleted(sender, instance, **kwargs):
    index_remove("knowledge", instance.pk)


@receiver(m2m_changed, sender=KnowledgeItem.tags.through, dispatch_uid="search_item_tags")
def item_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        index_later("knowledge", instance.pk)
    else:  # tag.items.add(…): the items are in pk_set (None on clear: tags are kept)
        for pk in pk_set or ():
            index_later("knowledge", pk)


@receiver(post_save, sender=Community, dispatch_uid="search_community_saved")
def community_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # a community's document is seen by everyone: nothing to narrow
        index_later("community", instance.pk)


@receiver(post_delete, sender=Community, dispatch_uid="search_community_deleted")
def community_deleted(sender, instance, **kwargs):
    index_remove("community", instance.pk)  # its items go with their own signal


@receiver(post_save, sender=Program, dispatch_uid="search_program_saved")
def program_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    index_later("program", instance.pk)
    # Its activities' documents carry its title, organisation and fiscal year.
    for pk in Activity.objects.filter(program_id=instance.pk).values_list("pk", flat=True):
        index_later("activity", pk)


@receiver(post_delete, sender=Program, dispatch_uid="search_program_deleted")
def program_deleted(sender, instance, **kwargs):
    index_remove("program", instance.pk)  # its activities are deleted with their own signal


@receiver(post_save, sender=Activity, dispatch_uid="search_activity_saved")
def activity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_later("activity", instance.pk)


@receiver(post_delete, sender=Activity, dispatch_uid="search_activity_deleted")
def activity_deleted(sender, instance, **kwargs):
    index_remove("activity", instance.pk)


@receiver(post_save, sender=Site, dispatch_uid="search_site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="search_site_deleted")
@receiver(post_save, sender=CommunityActivity, dispatch_uid="search_link_saved")
@receiver(post_delete, sender=CommunityActivity, dispatch_uid="search_link_deleted")
def activity_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index_later("activity", instance.activity_id)
