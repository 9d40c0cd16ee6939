"""The drafter, supervising official and signing position of a letter lose their own
single-column indexes: each leads an index (column, status) already (``Meta.indexes``),
which serves the same lookups. With both, PostgreSQL combined the single-column one
(a Camat signs tens of thousands of letters) with the unit's index to find the few
waiting for him, and every letter's step updated one index more than it needs. The
Kotak Masuk count of a big OPD's officials: 0.7-1.0 -> 0.1-0.3 ms.

Only the indexes are dropped (same names on SQLite and PostgreSQL): altering the fields
themselves would make SQLite rebuild the table, and with it drop its triggers.
"""

from django.conf import settings
from django.db import migrations, models

KOLOM = {
    "pejabat_pengawas": "letters_letter_pejabat_pengawas_id_ce9e0595",
    "pembuat": "letters_letter_pembuat_id_864991b6",
    "penandatangan": "letters_letter_penandatangan_id_2b4ce18b",
}


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0012_agenda_urutan_isi"),
        ("organisasi", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="letter",
                    name="pejabat_pengawas",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="surat_diawasi",
                        to="organisasi.position",
                        verbose_name="pejabat pengawas",
                    ),
                ),
                migrations.AlterField(
                    model_name="letter",
                    name="pembuat",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="surat_dibuat",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="pembuat",
                    ),
                ),
                migrations.AlterField(
                    model_name="letter",
                    name="penandatangan",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="surat_ditandatangani",
                        to="organisasi.position",
                        verbose_name="penandatangan",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{nama}"',
                    f'CREATE INDEX "{nama}" ON "letters_letter" ("{kolom}_id")',
                )
                for kolom, nama in KOLOM.items()
            ],
        ),
    ]
