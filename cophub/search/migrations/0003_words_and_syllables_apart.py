"""PostgreSQL: words and syllables in two unweighted tsvectors, each with a GIN index.

One weighted tsvector (words 'A', syllables 'D') made every match need a recheck:
a query naming a weight cannot be answered from the GIN index alone, so each matching
row's (TOASTed) tsvector was read. Without weights a words query is answered exactly
by its index; only syllable phrases still need positions. The data is carried over
from the old column (its 'A' and 'D' parts). SQLite (FTS5) is unchanged.
"""

from django.db import migrations

POSTGRES_UP = [
    "ALTER TABLE search_searchdocument "
    "ADD COLUMN tsw tsvector NOT NULL DEFAULT ''::tsvector, "
    "ADD COLUMN tss tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE search_searchdocument SET tsw = setweight(ts_filter(tsv, '{a}'), 'D'), "
    "tss = ts_filter(tsv, '{d}')",
    "DROP INDEX IF EXISTS search_searchdocument_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN tsv",
    "CREATE INDEX search_searchdocument_tsw ON search_searchdocument USING GIN (tsw)",
    "CREATE INDEX search_searchdocument_tss ON search_searchdocument USING GIN (tss)",
]
POSTGRES_DOWN = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE search_searchdocument SET tsv = setweight(tsw, 'A') || setweight(tss, 'D')",
    "CREATE INDEX search_searchdocument_tsv ON search_searchdocument USING GIN (tsv)",
    "DROP INDEX IF EXISTS search_searchdocument_tsw",
    "DROP INDEX IF EXISTS search_searchdocument_tss",
    "ALTER TABLE search_searchdocument DROP COLUMN tsw, DROP COLUMN tss",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_text_index")]

    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
