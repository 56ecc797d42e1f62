"""PostgreSQL: move the tsvector out of the wide document row into its own narrow table.

Ranking reads the tsvector of every matching row. In the document row it sat beside the
display text and the stems (about 1.6 kB a row), so a frequent word made PostgreSQL read
most of the table; on its own the vectors take less than half the pages. A trigger keeps
``search_vector`` in step with the stems, so no Python code writes it. SQLite is unchanged
(FTS5 already keeps its index apart). Measured in bench/README.md ("Search benchmark").
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """CREATE TABLE search_vector (
        document_id bigint PRIMARY KEY,
        vector tsvector NOT NULL
    )""",
    """CREATE FUNCTION search_vector_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_vector (document_id, vector)
        VALUES (NEW.id,
                setweight(to_tsvector('simple'::regconfig, NEW.title_stems), 'A')
                || setweight(to_tsvector('simple'::regconfig, NEW.body_stems), 'B'))
        ON CONFLICT (document_id) DO UPDATE SET vector = EXCLUDED.vector;
        RETURN NULL;
    END
    $$""",
    # Deletes and truncates follow the documents by trigger rather than by a foreign key,
    # so that TRUNCATE of the document table (Django's flush) keeps working.
    """CREATE FUNCTION search_vector_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE search_vector;
        ELSE
            DELETE FROM search_vector WHERE document_id = OLD.id;
        END IF;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER search_vector_del AFTER DELETE ON search_searchdocument
        FOR EACH ROW EXECUTE FUNCTION search_vector_forget()""",
    """CREATE TRIGGER search_vector_trunc AFTER TRUNCATE ON search_searchdocument
        FOR EACH STATEMENT EXECUTE FUNCTION search_vector_forget()""",
    """CREATE TRIGGER search_vector_ins AFTER INSERT ON search_searchdocument
        FOR EACH ROW EXECUTE FUNCTION search_vector_sync()""",
    """CREATE TRIGGER search_vector_upd AFTER UPDATE OF title_stems, body_stems
        ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_vector_sync()""",
    """INSERT INTO search_vector (document_id, vector)
        SELECT id, search_vector FROM search_searchdocument""",
    "CREATE INDEX search_vector_gin ON search_vector USING gin (vector)",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]
POSTGRES_BACKWARD = [
    """ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, title_stems), 'A')
            || setweight(to_tsvector('simple'::regconfig, body_stems), 'B')
        ) STORED""",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (search_vector)",
    "DROP TRIGGER IF EXISTS search_vector_trunc ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_vector_del ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_vector_upd ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_vector_ins ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_vector_forget()",
    "DROP FUNCTION IF EXISTS search_vector_sync()",
    "DROP TABLE IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
