"""A letter's record the database refuses to rewrite.

1. LetterEvent gets its hash chain (hash_sebelumnya, hash); ``waktu`` is set by the app
   before hashing instead of by auto_now_add.
2. The chain is filled for the events already in the database, per letter in the order
   (waktu, id), with a copy of the canonical form of letters.riwayat (a migration must not
   change behaviour when that module does).
3. Triggers refuse UPDATE/DELETE of events and versions, DELETE of agenda lines, signed
   documents and letters, and changes of an agenda line's number or a signed document's
   identity. The SQL is a literal copy of letters.triggers as of this migration (see that
   module; tests/test_riwayat_tetap.py checks the two agree).
"""

import datetime
import hashlib
import json

import django.utils.timezone
from django.db import migrations, models

# --- 2. the chain for existing events ---------------------------------------------------


def _canonical_hash(event, public_id, hash_sebelumnya):
    waktu = event.waktu.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    content = {
        "public_id": str(public_id),
        "aksi": str(event.aksi),
        "dari": str(event.dari),
        "ke": str(event.ke),
        "oleh_id": int(event.oleh_id),
        "sebagai": str(event.sebagai),
        "catatan": str(event.catatan),
        "versi": int(event.versi),
        "hash_versi": str(event.hash_versi),
        "waktu": waktu,
        "hash_sebelumnya": hash_sebelumnya,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fill_chain(apps, schema_editor):
    """Chain every letter's existing events, oldest first (waktu, id)."""
    Letter = apps.get_model("letters", "Letter")
    LetterEvent = apps.get_model("letters", "LetterEvent")
    public_ids = dict(Letter.objects.values_list("pk", "public_id"))
    events = LetterEvent.objects.order_by("letter_id", "waktu", "pk").only(
        "letter_id",
        "aksi",
        "dari",
        "ke",
        "oleh_id",
        "sebagai",
        "catatan",
        "versi",
        "hash_versi",
        "waktu",
    )
    batch, letter_id, previous = [], None, ""
    for event in events.iterator(chunk_size=1000):
        if event.letter_id != letter_id:
            letter_id, previous = event.letter_id, ""
        event.hash_sebelumnya = previous
        event.hash = _canonical_hash(event, public_ids[event.letter_id], previous)
        previous = event.hash
        batch.append(event)
        if len(batch) >= 500:
            LetterEvent.objects.bulk_update(batch, ["hash_sebelumnya", "hash"])
            batch = []
    if batch:
        LetterEvent.objects.bulk_update(batch, ["hash_sebelumnya", "hash"])


# --- 3. the triggers (literal copy of letters.triggers) ---------------------------------

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
    dependencies = [
        ("letters", "0004_nomor_unik_dokumen_versi"),
    ]

    operations = [
        migrations.AddField(
            model_name="letterevent",
            name="hash_sebelumnya",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=64,
                verbose_name="SHA-256 riwayat sebelumnya",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="letterevent",
            name="hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="SHA-256 riwayat"
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="letterevent",
            name="waktu",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="waktu"
            ),
        ),
        migrations.RunPython(fill_chain, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
