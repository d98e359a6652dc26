"""The search index: one row per searchable thing, beside the database's own text index.

On SQLite the words and syllables live in the FTS5 table ``search_fts`` (rowid = this
row's id); on PostgreSQL in this table's ``tsa`` column (one unweighted ``tsvector``
of marked syllables, words and the id's block, with a GIN index). They are created by
migrations 0002 and 0005 for the database in use, and none is a
model field: only the backends (``cophub.search.backends``) write them, with SQL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    class Type(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge")
        COMMUNITY = "community", _("Community")
        PROGRAM = "program", _("Program")
        ACTIVITY = "activity", _("Activity")

    type = models.CharField(max_length=20, choices=Type.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)  # plain text the snippet is cut from
    subtitle = models.CharField(max_length=500, blank=True)  # an activity's program title
    url = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, blank=True)  # knowledge kind, or the type
    # Plain ids, not foreign keys: the index is rebuilt from the sources, never the reverse.
    community_id = models.PositiveBigIntegerField(null=True, blank=True)
    organization_id = models.PositiveBigIntegerField(null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(null=True, blank=True)
    members_only = models.BooleanField(default=False)
    is_draft = models.BooleanField(default=False)
    author_id = models.PositiveBigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "object_id"], name="search_document_once")
        ]
        indexes = [models.Index(fields=["community_id"]), models.Index(fields=["fiscal_year"])]

    def __str__(self) -> str:
        return f"{self.type} {self.object_id}: {self.title[:60]}"
