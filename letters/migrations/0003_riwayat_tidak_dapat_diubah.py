"""A letter's record the database refuses to rewrite (letters.triggers, riwayat).

Triggers refuse UPDATE/DELETE of events and versions, DELETE of agenda lines, signed
documents and letters, and changes of an agenda line's number or a signed document's
identity. The SQL is a literal copy of letters.triggers as of this migration (a migration
must not change when that module does; tests/test_riwayat_tetap.py checks the two agree).
"""

from django.db import migrations

# The triggers (literal copy of letters.triggers).

SQLITE_CREATE = [
    (
        "CREATE TRIGGER letters_letterevent_tolak_ubah BEFORE UPDATE ON letters_letterevent "
        "FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'Riwayat surat tidak dapat diubah atau "
        "dihapus.'); END"
    ),
    (
        "CREATE TRIGGER letters_letterevent_tolak_hapus BEFORE DELETE ON "
        "letters_letterevent FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'Riwayat surat tidak "
        "dapat diubah atau dihapus.'); END"
    ),
    (
        "CREATE TRIGGER letters_letterversion_tolak_ubah BEFORE UPDATE ON "
        "letters_letterversion FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'Versi surat tidak "
        "dapat diubah atau dihapus.'); END"
    ),
    (
        "CREATE TRIGGER letters_letterversion_tolak_hapus BEFORE DELETE ON "
        "letters_letterversion FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'Versi surat tidak "
        "dapat diubah atau dihapus.'); END"
    ),
    (
        "CREATE TRIGGER letters_agendaentry_tolak_ubah BEFORE UPDATE ON letters_agendaentry "
        "FOR EACH ROW WHEN OLD.letter_id IS NOT NEW.letter_id OR OLD.unit_id IS NOT "
        "NEW.unit_id OR OLD.tahun IS NOT NEW.tahun OR OLD.seri IS NOT NEW.seri OR "
        "OLD.nomor_urut IS NOT NEW.nomor_urut OR OLD.sisipan IS NOT NEW.sisipan OR "
        "OLD.alasan_sisipan IS NOT NEW.alasan_sisipan OR OLD.nomor IS NOT NEW.nomor OR "
        "OLD.tanggal IS NOT NEW.tanggal BEGIN SELECT RAISE(ABORT, 'Nomor surat di Agenda "
        "Surat Keluar tidak dapat diubah.'); END"
    ),
    (
        "CREATE TRIGGER letters_agendaentry_tolak_hapus BEFORE DELETE ON "
        "letters_agendaentry FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'Baris Agenda Surat "
        "Keluar tidak dapat dihapus.'); END"
    ),
    (
        "CREATE TRIGGER letters_signeddocument_tolak_ubah BEFORE UPDATE ON "
        "letters_signeddocument FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'Dokumen surat yang "
        "sudah ditandatangani tidak dapat diubah.'); END"
    ),
    (
        "CREATE TRIGGER letters_signeddocument_tolak_hapus BEFORE DELETE ON "
        "letters_signeddocument FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'Dokumen surat yang "
        "sudah ditandatangani tidak dapat dihapus.'); END"
    ),
    (
        "CREATE TRIGGER letters_letter_tolak_hapus BEFORE DELETE ON letters_letter FOR EACH "
        "ROW BEGIN SELECT RAISE(ABORT, 'Surat tidak dapat dihapus. Surat yang tidak jadi "
        "dikirim dibatalkan.'); END"
    ),
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS letters_letterevent_tolak_ubah",
    "DROP TRIGGER IF EXISTS letters_letterevent_tolak_hapus",
    "DROP TRIGGER IF EXISTS letters_letterversion_tolak_ubah",
    "DROP TRIGGER IF EXISTS letters_letterversion_tolak_hapus",
    "DROP TRIGGER IF EXISTS letters_agendaentry_tolak_ubah",
    "DROP TRIGGER IF EXISTS letters_agendaentry_tolak_hapus",
    "DROP TRIGGER IF EXISTS letters_signeddocument_tolak_ubah",
    "DROP TRIGGER IF EXISTS letters_signeddocument_tolak_hapus",
    "DROP TRIGGER IF EXISTS letters_letter_tolak_hapus",
]

POSTGRESQL_CREATE = [
    (
        "CREATE FUNCTION letters_tolak_perubahan() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'restrict_violation'; "
        "END; $$"
    ),
    (
        "CREATE TRIGGER letters_letterevent_tolak_ubah BEFORE UPDATE ON letters_letterevent "
        "FOR EACH ROW EXECUTE FUNCTION letters_tolak_perubahan('Riwayat surat tidak dapat "
        "diubah atau dihapus.')"
    ),
    (
        "CREATE TRIGGER letters_letterevent_tolak_hapus BEFORE DELETE ON "
        "letters_letterevent FOR EACH ROW EXECUTE FUNCTION letters_tolak_perubahan('Riwayat "
        "surat tidak dapat diubah atau dihapus.')"
    ),
    (
        "CREATE TRIGGER letters_letterversion_tolak_ubah BEFORE UPDATE ON "
        "letters_letterversion FOR EACH ROW EXECUTE FUNCTION letters_tolak_perubahan('Versi "
        "surat tidak dapat diubah atau dihapus.')"
    ),
    (
        "CREATE TRIGGER letters_letterversion_tolak_hapus BEFORE DELETE ON "
        "letters_letterversion FOR EACH ROW EXECUTE FUNCTION letters_tolak_perubahan('Versi "
        "surat tidak dapat diubah atau dihapus.')"
    ),
    (
        "CREATE TRIGGER letters_agendaentry_tolak_ubah BEFORE UPDATE ON letters_agendaentry "
        "FOR EACH ROW WHEN (OLD.letter_id IS DISTINCT FROM NEW.letter_id OR OLD.unit_id IS "
        "DISTINCT FROM NEW.unit_id OR OLD.tahun IS DISTINCT FROM NEW.tahun OR OLD.seri IS "
        "DISTINCT FROM NEW.seri OR OLD.nomor_urut IS DISTINCT FROM NEW.nomor_urut OR "
        "OLD.sisipan IS DISTINCT FROM NEW.sisipan OR OLD.alasan_sisipan IS DISTINCT FROM "
        "NEW.alasan_sisipan OR OLD.nomor IS DISTINCT FROM NEW.nomor OR OLD.tanggal IS "
        "DISTINCT FROM NEW.tanggal) EXECUTE FUNCTION letters_tolak_perubahan('Nomor surat "
        "di Agenda Surat Keluar tidak dapat diubah.')"
    ),
    (
        "CREATE TRIGGER letters_agendaentry_tolak_hapus BEFORE DELETE ON "
        "letters_agendaentry FOR EACH ROW EXECUTE FUNCTION letters_tolak_perubahan('Baris "
        "Agenda Surat Keluar tidak dapat dihapus.')"
    ),
    (
        "CREATE TRIGGER letters_signeddocument_tolak_ubah BEFORE UPDATE ON "
        "letters_signeddocument FOR EACH ROW EXECUTE FUNCTION "
        "letters_tolak_perubahan('Dokumen surat yang sudah ditandatangani tidak dapat "
        "diubah.')"
    ),
    (
        "CREATE TRIGGER letters_signeddocument_tolak_hapus BEFORE DELETE ON "
        "letters_signeddocument FOR EACH ROW EXECUTE FUNCTION "
        "letters_tolak_perubahan('Dokumen surat yang sudah ditandatangani tidak dapat "
        "dihapus.')"
    ),
    (
        "CREATE TRIGGER letters_letter_tolak_hapus BEFORE DELETE ON letters_letter FOR EACH "
        "ROW EXECUTE FUNCTION letters_tolak_perubahan('Surat tidak dapat dihapus. Surat "
        "yang tidak jadi dikirim dibatalkan.')"
    ),
]

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS letters_letterevent_tolak_ubah ON letters_letterevent",
    "DROP TRIGGER IF EXISTS letters_letterevent_tolak_hapus ON letters_letterevent",
    "DROP TRIGGER IF EXISTS letters_letterversion_tolak_ubah ON letters_letterversion",
    "DROP TRIGGER IF EXISTS letters_letterversion_tolak_hapus ON letters_letterversion",
    "DROP TRIGGER IF EXISTS letters_agendaentry_tolak_ubah ON letters_agendaentry",
    "DROP TRIGGER IF EXISTS letters_agendaentry_tolak_hapus ON letters_agendaentry",
    "DROP TRIGGER IF EXISTS letters_signeddocument_tolak_ubah ON letters_signeddocument",
    ("DROP TRIGGER IF EXISTS letters_signeddocument_tolak_hapus ON letters_signeddocument"),
    "DROP TRIGGER IF EXISTS letters_letter_tolak_hapus ON letters_letter",
    "DROP FUNCTION IF EXISTS letters_tolak_perubahan()",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def _unsupported(vendor):
    return RuntimeError(
        f"Migrasi dihentikan: basis data {vendor} tidak didukung. Pemicu pengaman riwayat "
        "surat hanya tersedia untuk SQLite dan PostgreSQL."
    )


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_CREATE)
    else:
        raise _unsupported(vendor)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_DROP)
    else:
        raise _unsupported(vendor)


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_kode_klasifikasi_arsip")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
