"""Indexes for the Agenda Surat Keluar: its order, and (PostgreSQL) its search.

- ``agenda_urutan``: the Agenda's order (letters.agenda.URUTAN), so a page is read from
  the index (both databases).
- PostgreSQL only: the pg_trgm extension and trigram GIN indexes on UPPER(nomor),
  UPPER(hal) and UPPER(Penerima.nama): ``icontains`` (UPPER(col) LIKE UPPER('%x%')) is
  answered from them (letters.agenda.cocok_cari). They are not part of Django's model state
  (a GIN index cannot be created on SQLite); SQLite searches by scanning.

``CREATE EXTENSION pg_trgm`` needs a superuser, or (PostgreSQL 13+, pg_trgm is a trusted
extension) a user with CREATE privilege on the database. If the application's user has
neither, a superuser runs ``CREATE EXTENSION IF NOT EXISTS pg_trgm;`` in the database once
before ``migrate``.
"""

from django.db import migrations, models

POSTGRESQL_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    (
        "CREATE INDEX IF NOT EXISTS letters_agenda_nomor_trgm ON letters_agendaentry "
        "USING gin (UPPER(nomor) gin_trgm_ops)"
    ),
    (
        "CREATE INDEX IF NOT EXISTS letters_letter_hal_trgm ON letters_letter "
        "USING gin (UPPER(hal) gin_trgm_ops)"
    ),
    (
        "CREATE INDEX IF NOT EXISTS letters_penerima_nama_trgm ON letters_penerima "
        "USING gin (UPPER(nama) gin_trgm_ops)"
    ),
]

POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS letters_agenda_nomor_trgm",
    "DROP INDEX IF EXISTS letters_letter_hal_trgm",
    "DROP INDEX IF EXISTS letters_penerima_nama_trgm",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: no trigram indexes; the search scans
    for sql in statements:
        schema_editor.execute(sql, params=None)


def create_trigram(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_CREATE)


def drop_trigram(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [("letters", "0006_cara_ttd_ub")]

    operations = [
        migrations.AddIndex(
            model_name="agendaentry",
            index=models.Index(
                fields=["-tahun", "unit", "seri", "-nomor_urut", "-sisipan"], name="agenda_urutan"
            ),
        ),
        migrations.RunPython(create_trigram, drop_trigram),
    ]
