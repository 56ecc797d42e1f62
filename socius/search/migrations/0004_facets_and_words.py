"""Words for filters and for recency in the full-text index, and the word list for prefixes.

A search for a frequent word at a million documents matched hundreds of thousands of them,
and both engines read every match to rank and count it. Searches now list the newest
matches (``query.LISTED``), so the indexes learn to find those without reading the rest:

- ``facets``: the module, kind, themes and publication date of a document as words of their
  own (``facets.py``), so filters are part of the full-text match on both engines (SQLite: a
  third FTS5 column, ``_`` a word character; PostgreSQL: the words as lexemes). They start
  with ``_``, which no stem can, as stems are letters and digits. An index on
  ``published_at`` gives a date filter its bounds.
- PostgreSQL: each vector also holds the blocks of ids its document falls in (1,024, 8,192,
  65,536 and 1,048,576 ids: ``_r10x976``, ``_r13x122``, ``_r16x15``, ``_r20x0``), so the GIN
  index finds the matches among the newest ids without visiting older ones. SQLite needs none: FTS5 reads
  its matches by rowid, newest first.
- ``search_searchword``: every indexed stem, so a prefix stands for the words it begins
  (on PostgreSQL in byte order, "C", so a range of words is a prefix whatever the
  database's collation).

Documents get their facets in ``0005_fill_facets_and_words``. Measured in bench/README.md
("Search benchmark").
"""

from django.db import migrations, models

# Must match query.RECENCY_SHIFTS.
VECTOR_OF = """CREATE FUNCTION search_vector_of(
        doc_id bigint, title_stems text, body_stems text, facets text
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('simple'::regconfig, title_stems), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_stems), 'B')
        || array_to_tsvector(
            ARRAY['_r10x' || (doc_id >> 10), '_r13x' || (doc_id >> 13),
                  '_r16x' || (doc_id >> 16), '_r20x' || (doc_id >> 20)]
            || ARRAY(SELECT f FROM unnest(string_to_array(facets, ' ')) AS f WHERE f <> ''))
    $$"""


def _sync(vector: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION search_vector_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_vector (document_id, vector) VALUES (NEW.id, {vector})
        ON CONFLICT (document_id) DO UPDATE SET vector = EXCLUDED.vector;
        RETURN NULL;
    END
    $$"""


def _update_trigger(columns: str) -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS search_vector_upd ON search_searchdocument",
        f"""CREATE TRIGGER search_vector_upd AFTER UPDATE OF {columns}
            ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_vector_sync()""",
    ]


OLD_VECTOR = """setweight(to_tsvector('simple'::regconfig, {p}title_stems), 'A')
    || setweight(to_tsvector('simple'::regconfig, {p}body_stems), 'B')"""

POSTGRES_FORWARD = [
    VECTOR_OF,
    _sync("search_vector_of(NEW.id, NEW.title_stems, NEW.body_stems, NEW.facets)"),
    *_update_trigger("title_stems, body_stems, facets"),
    'ALTER TABLE search_searchword ALTER COLUMN word TYPE varchar(180) COLLATE "C"',
]
POSTGRES_BACKWARD = [
    _sync(OLD_VECTOR.format(p="NEW.")),
    *_update_trigger("title_stems, body_stems"),
    "DROP FUNCTION IF EXISTS search_vector_of(bigint, text, text, text)",
    # Back to the vectors of 0003: without facets and recency words.
    f"""UPDATE search_vector v SET vector = {OLD_VECTOR.format(p="d.")}
        FROM search_searchdocument d WHERE d.id = v.document_id""",
]


def _fts(columns: list[str]) -> list[str]:
    """The FTS5 table over ``columns`` of the documents, its three triggers and its rebuild.
    With facets, ``_`` is part of a word: every facet word starts with it (facets.py)."""
    names = ", ".join(columns)
    tokenchars = " tokenchars '_'" if "facets" in columns else ""
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"""CREATE VIRTUAL TABLE search_fts USING fts5({names},
            content='search_searchdocument', content_rowid='id',
            tokenize="unicode61 remove_diacritics 0{tokenchars}")""",
        f"""CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
            INSERT INTO search_fts(rowid, {names}) VALUES (new.id, {new});
        END""",
        f"""CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
            INSERT INTO search_fts(search_fts, rowid, {names}) VALUES ('delete', old.id, {old});
        END""",
        f"""CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
            INSERT INTO search_fts(search_fts, rowid, {names}) VALUES ('delete', old.id, {old});
            INSERT INTO search_fts(rowid, {names}) VALUES (new.id, {new});
        END""",
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_narrow_vector_table")]

    # SQLite adds and drops the column by copying the table, which drops its triggers: the
    # FTS table and its triggers go before and come back after, in either direction.
    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=180, primary_key=True, serialize=False))],
            options={"ordering": ["word"]},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_DROP}),
            _run({"sqlite": SQLITE_DROP + _fts(["title_stems", "body_stems"])}),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="facets",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["published_at"], name="search_doc_published"),
        ),
        migrations.RunPython(
            _run(
                {
                    "sqlite": _fts(["title_stems", "body_stems", "facets"]),
                    "postgresql": POSTGRES_FORWARD,
                }
            ),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
