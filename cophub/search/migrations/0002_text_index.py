"""The text index for the database in use: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

FTS5's default tokenizer (unicode61) counts only letters and digits as token
characters, so it cuts Thai words at every vowel or tone mark (category Mn).
``categories 'L* M* N*'`` keeps the marks; the text it gets is already segmented,
so it only splits on the spaces we put there.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "words, syllables, tokenize = \"unicode61 remove_diacritics 0 categories 'L* M* N*'\")",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_fts"]
POSTGRES_UP = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_searchdocument_tsv ON search_searchdocument USING GIN (tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_searchdocument_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
