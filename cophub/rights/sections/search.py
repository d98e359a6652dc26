"""The search index. The rows an erasure rewrote are indexed again by the search app's
own signals once it commits; the documents that still show the person are rewritten
here, in the erasure's transaction, so no worker delay leaves the name searchable. On
SQLite, FTS5 keeps a replaced document's words in its index pages until they are merged
('optimize' merges them all); PostgreSQL rewrites a row's tsvector in place, and vacuum
frees the old row versions."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q
from django.utils.translation import pgettext_lazy

from cophub.rights.registry import section
from cophub.rights.subject import Erasure
from cophub.search.models import SearchDocument
from cophub.search.sources import index_one


@section("search", title=pgettext_lazy("personal data", "Search index"), order=1001)
class Search:
    @staticmethod
    def erase(erasure: Erasure) -> int:
        subject = erasure.subject
        terms = subject.terms(parts=False)
        mention = reduce(or_, [Q(title__icontains=t) | Q(text__icontains=t) for t in terms])
        if subject.user is not None:
            mention |= Q(type="knowledge", author_id=subject.user.pk)
        docs = list(SearchDocument.objects.filter(mention).values_list("type", "object_id"))
        for type_, object_id in docs:
            index_one(type_, object_id)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
        erasure.counts["search_documents"] += len(docs)
        return len(docs)
