"""A letter's record the database refuses to rewrite: triggers, the history's hash chain,
``periksa_riwayat``, the migration that installs it all, and ``flush`` on SQLite."""

import copy
import datetime
import hashlib
import importlib
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from approvals import actions
from letters import riwayat, triggers
from letters.models import AgendaEntry, Letter, LetterEvent, LetterVersion, SignedDocument
from tests.conftest import letter_data

MIGRATION = importlib.import_module("letters.migrations.0003_riwayat_tidak_dapat_diubah")
MIGRATION_SALIN = importlib.import_module("letters.migrations.0017_agenda_status_surat")


def _row(table: str, pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def _refused(sql: str, params: list) -> str:
    """Run raw SQL that must be refused; return the database's message."""
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(refused.value)


@pytest.fixture
def signed(make_letter) -> Letter:
    return make_letter("signed")


# --- the triggers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "sql", "message"),
    [
        (
            "letters_letterevent",
            "UPDATE letters_letterevent SET catatan = 'diubah' WHERE id = %s",
            triggers.RIWAYAT,
        ),
        ("letters_letterevent", "DELETE FROM letters_letterevent WHERE id = %s", triggers.RIWAYAT),
        (
            "letters_letterversion",
            "UPDATE letters_letterversion SET nomor = nomor + 100 WHERE id = %s",
            triggers.VERSI,
        ),
        (
            "letters_letterversion",
            "DELETE FROM letters_letterversion WHERE id = %s",
            triggers.VERSI,
        ),
        (
            "letters_agendaentry",
            "DELETE FROM letters_agendaentry WHERE id = %s",
            triggers.AGENDA_HAPUS,
        ),
        (
            "letters_signeddocument",
            "DELETE FROM letters_signeddocument WHERE id = %s",
            triggers.DOKUMEN_HAPUS,
        ),
        ("letters_letter", "DELETE FROM letters_letter WHERE id = %s", triggers.SURAT_HAPUS),
    ],
)
def test_history_versions_agenda_documents_and_letters_cannot_be_rewritten_by_sql(
    signed, table, sql, message
):
    pk = {
        "letters_letterevent": signed.events.order_by("pk").first().pk,
        "letters_letterversion": signed.versions.get().pk,
        "letters_agendaentry": signed.agenda.pk,
        "letters_signeddocument": signed.dokumen.pk,
        "letters_letter": signed.pk,
    }[table]
    before = _row(table, pk)
    assert message in _refused(sql, [pk])
    assert _row(table, pk) == before


# New values for each frozen column (the same SQL on SQLite and PostgreSQL).
AGENDA_CHANGES = {
    "letter_id": "letter_id + 100000",
    "unit_id": "unit_id + 100000",
    "tahun": "tahun + 1",
    "seri": "seri || 'x'",
    "nomor_urut": "nomor_urut + 1",
    "sisipan": "sisipan + 1",
    "alasan_sisipan": "alasan_sisipan || 'x'",
    "nomor": "nomor || 'x'",
    "tanggal": "'2000-01-01'",
}
SIGNED_CHANGES = {
    "letter_id": "letter_id + 100000",
    "sha256": "'" + "0" * 64 + "'",
    "kode_verifikasi": "'KODE-PALSU'",
    "berkas": "'ditandatangani/palsu.pdf'",
    "versi": "versi + 1",
    "hash_versi": "'" + "1" * 64 + "'",
    "ditandatangani_pada": "'2000-01-01 00:00:00'",
}


def test_the_frozen_columns_are_exactly_those_listed():
    assert set(AGENDA_CHANGES) == set(triggers.AGENDA_FROZEN)


@pytest.mark.parametrize("column", sorted(AGENDA_CHANGES))
def test_an_agenda_lines_number_cannot_be_changed(signed, column):
    pk = signed.agenda.pk
    before = _row("letters_agendaentry", pk)
    sql = f"UPDATE letters_agendaentry SET {column} = {AGENDA_CHANGES[column]} WHERE id = %s"
    assert triggers.AGENDA_UBAH in _refused(sql, [pk])
    assert _row("letters_agendaentry", pk) == before


@pytest.mark.parametrize("column", sorted(SIGNED_CHANGES))
def test_nothing_of_a_signed_document_can_be_changed(signed, column):
    pk = signed.dokumen.pk
    before = _row("letters_signeddocument", pk)
    sql = f"UPDATE letters_signeddocument SET {column} = {SIGNED_CHANGES[column]} WHERE id = %s"
    assert triggers.DOKUMEN_UBAH in _refused(sql, [pk])
    assert _row("letters_signeddocument", pk) == before


def test_other_columns_and_unchanged_saves_stay_allowed(signed, office):
    agenda = signed.agenda
    AgendaEntry.objects.filter(pk=agenda.pk).update(diberikan_oleh=office["camat"])
    assert AgendaEntry.objects.get(pk=agenda.pk).diberikan_oleh == office["camat"]
    agenda.refresh_from_db()
    agenda.save()  # Django writes every column back: same numbers, no refusal
    with connection.cursor() as cursor:
        cursor.execute("UPDATE letters_letter SET hal = 'Hal baru' WHERE id = %s", [signed.pk])
    assert Letter.objects.get(pk=signed.pk).hal == "Hal baru"


def test_an_edit_still_moves_the_letters_version_on(make_letter, office):
    letter = make_letter("draft")
    changed = actions.update_letter(
        letter,
        by=office["pelaksana"],
        data=letter_data(hal="Hal yang diperbaiki"),
        penerima=[(None, "Kepala Desa Jabon")],
        versi_dasar=letter.versi,
    )
    assert changed
    letter.refresh_from_db()
    assert letter.versi == 2 and letter.versions.count() == 2
    assert riwayat.periksa(letter) == []


def test_the_orm_cannot_delete_a_letter_either(make_letter):
    letter = make_letter("draft")  # no agenda line or document to PROTECT it in Python
    with pytest.raises(DatabaseError), transaction.atomic():
        letter.delete()
    assert Letter.objects.filter(pk=letter.pk).exists()
    assert letter.events.exists()


# --- the hash chain ---------------------------------------------------------------------


def _independent_hash(event: LetterEvent, public_id, previous: str) -> str:
    """The canonical form as the letters.riwayat docstring describes it, written anew."""
    content = {
        "aksi": event.aksi,
        "catatan": event.catatan,
        "dari": event.dari,
        "hash_sebelumnya": previous,
        "hash_versi": event.hash_versi,
        "ke": event.ke,
        "oleh_id": event.oleh_id,
        "public_id": str(public_id),
        "sebagai": event.sebagai,
        "versi": event.versi,
        "waktu": event.waktu.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _revised(make_letter, office) -> Letter:
    """Returned for revision, edited, submitted again (now waiting for the paraf)."""
    letter = make_letter("revision")
    actions.update_letter(
        letter,
        by=office["pelaksana"],
        data=letter_data(hal="Undangan Rapat — “diperbaiki”"),
        penerima=[(None, "Kepala Desa Jabon")],
        versi_dasar=letter.versi,
    )
    return actions.resubmit(Letter.objects.get(pk=letter.pk), by=office["pelaksana"])


def _check_independently(letter: Letter, aksi: list[str]) -> None:
    events = list(LetterEvent.objects.filter(letter=letter).order_by("waktu", "pk"))
    assert [e.aksi for e in events] == aksi
    assert riwayat.periksa(Letter.objects.get(pk=letter.pk)) == []
    assert riwayat.periksa(events) == []
    previous = ""
    for event in events:
        assert event.hash_sebelumnya == previous
        assert event.hash == _independent_hash(event, letter.public_id, previous)
        previous = event.hash


def test_the_chain_of_a_letter_through_the_whole_sop_recomputes(make_letter, office):
    sop = ["create", "submit", "assign_number", "paraf", "approve", "sign", "dispatch"]
    _check_independently(make_letter("sent"), sop)
    revision = ["create", "submit", "assign_number", "return_for_revision", "edit", "resubmit"]
    _check_independently(_revised(make_letter, office), revision)
    _check_independently(make_letter("cancelled"), [*sop[:3], "cancel"])


def test_the_time_stored_is_the_time_hashed(make_letter):
    letter = make_letter("draft")
    made = letter.events.get()
    stored = LetterEvent.objects.get(pk=made.pk)
    assert stored.waktu == made.waktu
    assert riwayat.format_waktu(stored.waktu) == riwayat.format_waktu(made.waktu)
    assert stored.hash == made.hash == riwayat.hitung_hash(stored, letter.public_id)


def test_a_clock_that_goes_back_does_not_reorder_the_chain(make_letter, office, monkeypatch):
    letter = make_letter("draft")
    first = letter.events.get()
    earlier = first.waktu - datetime.timedelta(hours=1)
    monkeypatch.setattr(riwayat.timezone, "now", lambda: earlier)
    letter = actions.submit(letter, by=office["pelaksana"])
    second = letter.events.order_by("pk").last()
    assert second.waktu == first.waktu and second.hash_sebelumnya == first.hash
    assert riwayat.periksa(Letter.objects.get(pk=letter.pk)) == []


def test_periksa_reports_a_tampered_copy(make_letter, office):
    letter = make_letter("signed")
    events = list(letter.events.order_by("waktu", "pk"))
    assert riwayat.periksa(events) == []

    changed = [copy.copy(e) for e in events]
    changed[2].catatan = "Catatan yang disisipkan belakangan"
    (problem,) = riwayat.periksa(changed)
    assert "riwayat ke-3" in problem and "telah diubah" in problem

    # Rewriting the hash as well only moves the break to the next event.
    changed[2].hash = riwayat.hitung_hash(changed[2], letter.public_id)
    (problem,) = riwayat.periksa(changed)
    assert "riwayat ke-4" in problem and "tidak menyambung" in problem

    removed = events[:1] + events[2:]
    (problem,) = riwayat.periksa(removed)
    assert "riwayat ke-2" in problem and "tidak menyambung" in problem

    (problem,) = riwayat.periksa(events[1:])
    assert "riwayat ke-1" in problem and "seharusnya riwayat pertama" in problem

    other = make_letter("draft")
    moved = copy.copy(events[0])
    moved.letter_id, moved.letter = other.pk, other
    assert any("telah diubah" in p for p in riwayat.periksa([moved]))
    assert any("lebih dari satu surat" in p for p in riwayat.periksa([*events, moved]))


def test_a_letter_without_any_history_is_reported(make_letter):
    letter = make_letter("draft")
    with triggers.suspended():
        letter.events.all().delete()
    assert riwayat.periksa(letter) == ["Surat ini tidak memiliki riwayat sama sekali."]


# --- periksa_riwayat --------------------------------------------------------------------


def test_periksa_riwayat_passes_a_clean_database(make_letter, office, capsys):
    make_letter("sent")
    _revised(make_letter, office)
    make_letter("cancelled")
    call_command("periksa_riwayat")
    assert "Riwayat 3 surat utuh dan pemicu pengaman aktif." in capsys.readouterr().out


def test_periksa_riwayat_names_a_broken_letter_and_lifted_triggers(make_letter, capsys):
    make_letter("review")
    broken = make_letter("numbering", hal="Surat yang riwayatnya diubah")
    with triggers.suspended():
        LetterEvent.objects.filter(letter=broken, aksi="submit").update(catatan="Diubah diam-diam")
        with pytest.raises(CommandError, match="riwayat 1 dari 2 surat rusak") as failed:
            call_command("periksa_riwayat")
    assert "pemicu pengaman tidak aktif" in str(failed.value)
    err = capsys.readouterr().err
    assert "Surat yang riwayatnya diubah" in err and str(broken.public_id) in err
    assert "riwayat ke-2 (Ajukan" in err
    assert "letters_letterevent_tolak_ubah" in err
    assert triggers.missing() == []  # back in force after the block


# --- the migration, the module, the database --------------------------------------------


def test_the_migration_installs_a_literal_copy_of_the_modules_sql():
    assert MIGRATION.SQLITE_CREATE == triggers.SQLITE_CREATE
    assert MIGRATION.SQLITE_DROP == triggers.SQLITE_DROP
    assert MIGRATION.POSTGRESQL_CREATE == triggers.POSTGRESQL_CREATE
    assert MIGRATION.POSTGRESQL_DROP == triggers.POSTGRESQL_DROP
    assert MIGRATION_SALIN.SQLITE_SALIN_CREATE == triggers.SQLITE_SALIN_CREATE
    assert MIGRATION_SALIN.SQLITE_SALIN_DROP == triggers.SQLITE_SALIN_DROP
    assert MIGRATION_SALIN.POSTGRESQL_SALIN_CREATE == triggers.POSTGRESQL_SALIN_CREATE
    assert MIGRATION_SALIN.POSTGRESQL_SALIN_DROP == triggers.POSTGRESQL_SALIN_DROP


@pytest.mark.django_db
def test_the_database_has_exactly_the_modules_triggers():
    assert triggers.missing() == []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["letters_%"],
            )
            expected = triggers.SQLITE_CREATE + triggers.SQLITE_SALIN_CREATE
            assert sorted(r[0] for r in cursor.fetchall()) == sorted(expected)
        else:
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c "
                "ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND t.tgname LIKE %s",
                ["letters_%"],
            )
            assert set(cursor.fetchall()) == set(triggers.nama_pemicu("postgresql"))


@pytest.mark.django_db(transaction=True)
def test_migrating_a_database_with_letters_installs_the_triggers(make_letter):
    letter = make_letter("signed")
    original = dict(LetterEvent.objects.values_list("pk", "hash"))
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("letters", "0002_kode_klasifikasi_arsip")])
        with connection.cursor() as cursor:  # before 0003: no triggers
            cursor.execute("UPDATE letters_letterevent SET catatan = catatan")
        assert len(triggers.missing()) == len(triggers.nama_pemicu(connection.vendor))
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert triggers.missing() == []
    assert AgendaEntry.objects.get(letter=letter).status_surat == "signed"  # filled in
    assert dict(LetterEvent.objects.values_list("pk", "hash")) == original
    assert riwayat.periksa(Letter.objects.get(pk=letter.pk)) == []
    # The flush after this test (letters' flush command on SQLite) must empty it all.


def test_flush_empties_the_database_and_keeps_the_triggers(make_letter):
    make_letter("signed")
    connection.check_constraints()  # PostgreSQL: no pending FK checks before TRUNCATE
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    ContentType.objects.clear_cache()
    assert not Letter.objects.exists() and not LetterEvent.objects.exists()
    assert not LetterVersion.objects.exists() and not SignedDocument.objects.exists()
    assert triggers.missing() == []


# --- the admin --------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Letter, LetterEvent, LetterVersion, AgendaEntry, SignedDocument])
def test_nobody_can_delete_the_record_from_the_admin(model, office, rf):
    from django.contrib import admin

    from letters.admin import LetterAdmin

    request = rf.get("/admin/")
    request.user = office["admin"]  # a superuser
    model_admin = admin.site._registry.get(model)
    if model_admin is not None:
        assert not model_admin.has_delete_permission(request)
        assert "delete_selected" not in model_admin.get_actions(request)
    for inline in LetterAdmin.inlines:
        if inline.model is model:
            assert not inline(Letter, admin.site).has_delete_permission(request)
    assert office["admin"].is_superuser
