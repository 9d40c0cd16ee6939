"""Database triggers that keep a letter's record from being rewritten, on SQLite and PostgreSQL.

What they refuse, whoever issues the SQL (the app, the admin, a shell, psql):

- UPDATE and DELETE of a letter's history (letters_letterevent) and versions
  (letters_letterversion);
- DELETE of an Agenda Surat Keluar line (letters_agendaentry) and of a signed document
  (letters_signeddocument); an UPDATE that changes an agenda line's number fields
  (AGENDA_FROZEN) and any UPDATE of a signed document (what was signed, by whom, which
  version, the uploader of a scan). Other agenda columns, such as a status column added
  later, stay updatable;
- DELETE of a letter (letters_letter): a letter that is not sent is cancelled.

And what they keep, whoever writes: an agenda line's copy of its letter's status
(``letters_agendaentry.status_surat``, for the Agenda's status filter: an index then
reads the cancelled lines of a year instead of checking every line against the letter).
The line takes its letter's status when it is written, and every change of the letter's
status is copied to its line (``SQLITE_SALIN_CREATE``, ``POSTGRESQL_SALIN_CREATE``).

SQLite raises ``RAISE(ABORT, …)``, PostgreSQL a plpgsql exception with SQLSTATE 23001
(restrict_violation): both reach Django as ``django.db.IntegrityError`` with the Indonesian
message. TRUNCATE (PostgreSQL) is not a row operation and is not refused: Django's
``flush`` uses it, and whoever may truncate may also drop the triggers.

Where the SQL lives, and why twice
----------------------------------
This module is the definition of the triggers the database should have now
(``SQLITE_CREATE``, ``POSTGRESQL_CREATE`` and their ``*_DROP``). Migration
``letters/0003_riwayat_tidak_dapat_diubah`` (and ``0017_agenda_status_surat`` for the
``*_SALIN_*`` ones) installs a literal copy of that SQL rather
than importing it: a migration must do tomorrow what it did today, even after this module
changes (e.g. a column is frozen that a later migration adds, which 0003 could not yet
refer to). ``tests/test_riwayat_tetap.py`` asserts that this module's SQL equals the copy
in the latest migration that installs triggers, and that the test database (built by the
migrations) has exactly these triggers. To change a trigger: change it here, add a
migration that drops the old ones and creates the new ones from a literal copy, and point
that test at the new migration.

On SQLite, a migration that alters one of these tables (AddField, AlterField …) rebuilds
the table and so drops its triggers: such a migration must install them again at its end.
The test above and ``manage.py periksa_riwayat`` (``missing``) both notice missing ones.

``suspended`` lifts the triggers inside one transaction and puts back exactly what was
installed (the database's own definitions, not this module's, so it is right whatever
migration the database is at). It serves the project's ``flush`` command (on SQLite,
flush is ``DELETE FROM`` every table) and tests that must rewrite history on purpose; the
app never uses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

RIWAYAT = "Riwayat surat tidak dapat diubah atau dihapus."
VERSI = "Versi surat tidak dapat diubah atau dihapus."
AGENDA_UBAH = "Nomor surat di Agenda Surat Keluar tidak dapat diubah."
AGENDA_HAPUS = "Baris Agenda Surat Keluar tidak dapat dihapus."
DOKUMEN_UBAH = "Dokumen surat yang sudah ditandatangani tidak dapat diubah."
DOKUMEN_HAPUS = "Dokumen surat yang sudah ditandatangani tidak dapat dihapus."
SURAT_HAPUS = "Surat tidak dapat dihapus. Surat yang tidak jadi dikirim dibatalkan."

AGENDA_FROZEN = (
    "letter_id",
    "unit_id",
    "tahun",
    "seri",
    "nomor_urut",
    "sisipan",
    "alasan_sisipan",
    "nomor",
    "tanggal",
)

# (trigger name, table, operation, columns whose change is refused (None: any UPDATE), message)
TRIGGERS = [
    ("letters_letterevent_tolak_ubah", "letters_letterevent", "UPDATE", None, RIWAYAT),
    ("letters_letterevent_tolak_hapus", "letters_letterevent", "DELETE", None, RIWAYAT),
    ("letters_letterversion_tolak_ubah", "letters_letterversion", "UPDATE", None, VERSI),
    ("letters_letterversion_tolak_hapus", "letters_letterversion", "DELETE", None, VERSI),
    ("letters_agendaentry_tolak_ubah", "letters_agendaentry", "UPDATE", AGENDA_FROZEN, AGENDA_UBAH),
    ("letters_agendaentry_tolak_hapus", "letters_agendaentry", "DELETE", None, AGENDA_HAPUS),
    (
        "letters_signeddocument_tolak_ubah",
        "letters_signeddocument",
        "UPDATE",
        None,
        DOKUMEN_UBAH,
    ),
    (
        "letters_signeddocument_tolak_hapus",
        "letters_signeddocument",
        "DELETE",
        None,
        DOKUMEN_HAPUS,
    ),
    ("letters_letter_tolak_hapus", "letters_letter", "DELETE", None, SURAT_HAPUS),
]

PG_FUNCTION = "letters_tolak_perubahan"


def _sqlite_create(name, table, operation, columns, message) -> str:
    when = ""
    if columns:
        when = " WHEN " + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    return (
        f"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW{when} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


def _postgresql_create(name, table, operation, columns, message) -> str:
    when = ""
    if columns:
        when = " WHEN (" + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns) + ")"
    return (
        f"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW{when} "
        f"EXECUTE FUNCTION {PG_FUNCTION}('{message}')"
    )


SQLITE_CREATE = [_sqlite_create(*t) for t in TRIGGERS]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name, *_ in TRIGGERS]

POSTGRESQL_CREATE = [
    f"CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'restrict_violation'; END; $$",
    *(_postgresql_create(*t) for t in TRIGGERS),
]
POSTGRESQL_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, *_ in TRIGGERS),
    f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()",
]


# The agenda line's copy of its letter's status.
# A line written with any other value (the app writes none) gets its letter's status;
# a letter inserted after its line (PostgreSQL checks foreign keys at commit) and every
# change of a letter's status set it on the line.
SALIN_AGENDA = "letters_agendaentry_salin_status"
SALIN_AGENDA_UBAH = f"{SALIN_AGENDA}_ubah"  # SQLite: one trigger per operation
SALIN_SURAT = "letters_letter_salin_status"
SALIN_SURAT_BARU = "letters_letter_salin_status_baru"
_STATUS_SURAT = "(SELECT status FROM letters_letter WHERE id = NEW.letter_id)"
_KE_AGENDA = "UPDATE letters_agendaentry SET status_surat = NEW.status WHERE letter_id = NEW.id"

# (trigger name, table) per database: SQLite has one trigger per operation.
SQLITE_SALIN = [
    (SALIN_AGENDA, "letters_agendaentry"),
    (SALIN_AGENDA_UBAH, "letters_agendaentry"),
    (SALIN_SURAT, "letters_letter"),
    (SALIN_SURAT_BARU, "letters_letter"),
]
POSTGRESQL_SALIN = [
    (SALIN_AGENDA, "letters_agendaentry"),
    (SALIN_SURAT, "letters_letter"),
    (SALIN_SURAT_BARU, "letters_letter"),
]

SQLITE_SALIN_CREATE = [
    *(
        f"CREATE TRIGGER {nama} AFTER {operasi} ON letters_agendaentry "
        f"FOR EACH ROW WHEN NEW.status_surat IS NOT {_STATUS_SURAT} "
        f"BEGIN UPDATE letters_agendaentry SET status_surat = {_STATUS_SURAT} "
        "WHERE id = NEW.id; END"
        for nama, operasi in ((SALIN_AGENDA, "INSERT"), (SALIN_AGENDA_UBAH, "UPDATE"))
    ),
    f"CREATE TRIGGER {SALIN_SURAT} AFTER UPDATE OF status ON letters_letter FOR EACH ROW "
    f"WHEN NEW.status IS NOT OLD.status BEGIN {_KE_AGENDA}; END",
    f"CREATE TRIGGER {SALIN_SURAT_BARU} AFTER INSERT ON letters_letter FOR EACH ROW "
    f"BEGIN {_KE_AGENDA}; END",
]
SQLITE_SALIN_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name, _table in SQLITE_SALIN]

PG_SALIN_AGENDA = "letters_agenda_status_surat"
PG_SALIN_SURAT = "letters_surat_status_ke_agenda"
POSTGRESQL_SALIN_CREATE = [
    f"CREATE FUNCTION {PG_SALIN_AGENDA}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN NEW.status_surat := {_STATUS_SURAT}; RETURN NEW; END; $$",
    f"CREATE FUNCTION {PG_SALIN_SURAT}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN {_KE_AGENDA}; RETURN NULL; END; $$",
    f"CREATE TRIGGER {SALIN_AGENDA} BEFORE INSERT OR UPDATE ON letters_agendaentry "
    f"FOR EACH ROW EXECUTE FUNCTION {PG_SALIN_AGENDA}()",
    f"CREATE TRIGGER {SALIN_SURAT} AFTER UPDATE OF status ON letters_letter FOR EACH ROW "
    f"WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION {PG_SALIN_SURAT}()",
    f"CREATE TRIGGER {SALIN_SURAT_BARU} AFTER INSERT ON letters_letter FOR EACH ROW "
    f"EXECUTE FUNCTION {PG_SALIN_SURAT}()",
]
POSTGRESQL_SALIN_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in POSTGRESQL_SALIN),
    f"DROP FUNCTION IF EXISTS {PG_SALIN_AGENDA}()",
    f"DROP FUNCTION IF EXISTS {PG_SALIN_SURAT}()",
]


def nama_pemicu(vendor: str) -> list[tuple[str, str]]:
    """(table, trigger name) of every trigger of this module on ``vendor``."""
    salin = SQLITE_SALIN if vendor == "sqlite" else POSTGRESQL_SALIN
    return [(table, name) for name, table, *_ in TRIGGERS] + [(t, n) for n, t in salin]


def missing(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Names of the triggers of this module that the database lacks (or has disabled)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' "
                "AND pg_catalog.pg_table_is_visible(c.oid)"
            )
        else:
            return [name for _table, name in nama_pemicu("sqlite")]
        present = set(cursor.fetchall())
    return [name for table, name in nama_pemicu(connection.vendor) if (table, name) not in present]


@contextmanager
def suspended(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Lift every trigger of the database for the body, in one transaction.

    On SQLite the triggers are dropped and created again from their stored definitions;
    on PostgreSQL each enabled user trigger is disabled and enabled again as it was
    (foreign keys are checked immediately meanwhile, then deferred again as Django makes
    them). If the body fails, the transaction (or savepoint) rolls back and the triggers
    with it.
    Only for ``flush`` and for tests; the app never rewrites a letter's record.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master "
                    "WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY name"
                )
                saved = cursor.fetchall()
                for name, _sql in saved:
                    cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
            elif connection.vendor == "postgresql":
                # ALTER TABLE is refused while deferred foreign-key checks are pending:
                # run them now, and check immediately until the triggers are back.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "SELECT c.oid::regclass::text, t.tgname, t.tgenabled FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' ORDER BY 1, 2"
                )
                saved = cursor.fetchall()
                for table, name, _state in saved:
                    cursor.execute(
                        f"ALTER TABLE {table} DISABLE TRIGGER {connection.ops.quote_name(name)}"
                    )
            else:
                saved = []
        yield
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for _name, sql in saved:
                    cursor.execute(sql)
            elif connection.vendor == "postgresql":
                enable = {"O": "ENABLE", "A": "ENABLE ALWAYS", "R": "ENABLE REPLICA"}
                for table, name, state in saved:
                    cursor.execute(
                        f"ALTER TABLE {table} {enable[state]} TRIGGER "
                        f"{connection.ops.quote_name(name)}"
                    )
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys
