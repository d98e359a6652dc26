"""PostgreSQL: words, marked syllables and the id block in one tsvector, ``tsa``.

Two columns (``tsw``, ``tss``) made each query word a ``BitmapOr`` of two GIN scans,
and a GIN bitmap cannot stop at the first matches: at a million documents common
syllables built posting lists of 400,000 rows before a row was read (p95 165 ms,
docs/benchmarks.md). In one column the whole query is one GIN scan, and each
document also holds the lexeme of its block of ids (``~b<id // 10,000>``), so a query
asks the newest blocks first and GIN intersects with their short lists
(``backends/postgres.py``). Syllables are marked (``qz`` + syllable) so a whole-word
query never matches a syllable. The data is carried over from the two old columns;
the way back splits it again. SQLite (FTS5) is unchanged.
"""

from django.db import migrations

BLOCK = 10_000  # backends/postgres.py BLOCK, frozen here as it was when this ran


def _lexemes(source: str, where: str, rename: str) -> str:
    """SQL: the lexemes of ``source`` passing ``where``, renamed, as a tsvector with
    their positions (tsvector's text form, built and cast back)."""
    lexeme = f"replace(replace({rename}, '\\', '\\\\'), '''', '''''')"
    return (
        "coalesce((SELECT string_agg('''' || " + lexeme + " || '''' || "
        "coalesce(':' || array_to_string(u.positions, ','), ''), ' ') "
        f"FROM unnest({source}) u WHERE {where}), '')::tsvector"
    )


POSTGRES_UP = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsa tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE search_searchdocument SET tsa = "
    + _lexemes("tss", "TRUE", "'qz' || u.lexeme")
    + f" || tsw || array_to_tsvector(ARRAY['~b' || (id / {BLOCK})::text])",
    "DROP INDEX IF EXISTS search_searchdocument_tsw",
    "DROP INDEX IF EXISTS search_searchdocument_tss",
    "ALTER TABLE search_searchdocument DROP COLUMN tsw, DROP COLUMN tss",
    "CREATE INDEX search_searchdocument_tsa ON search_searchdocument USING GIN (tsa)",
]
POSTGRES_DOWN = [
    "ALTER TABLE search_searchdocument "
    "ADD COLUMN tsw tsvector NOT NULL DEFAULT ''::tsvector, "
    "ADD COLUMN tss tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE search_searchdocument SET "
    "tsw = " + _lexemes("tsa", "u.lexeme NOT LIKE 'qz%%' AND u.lexeme NOT LIKE '~%%'", "u.lexeme")
    + ", tss = " + _lexemes("tsa", "u.lexeme LIKE 'qz%%'", "substr(u.lexeme, 3)"),
    "DROP INDEX IF EXISTS search_searchdocument_tsa",
    "ALTER TABLE search_searchdocument DROP COLUMN tsa",
    "CREATE INDEX search_searchdocument_tsw ON search_searchdocument USING GIN (tsw)",
    "CREATE INDEX search_searchdocument_tss ON search_searchdocument USING GIN (tss)",
]  # fmt: skip


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_result_subtitle")]

    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
