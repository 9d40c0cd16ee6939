# Every jenis naskah of Permendagri 1/2023 with its own fields (Letter.isian), the
# regulation's sifat (klasifikasi keamanan) apart from the derajat kecepatan, and paper
# chosen per letter (issue 13, points 1 and 3).

from django.db import migrations, models


def sifat_ke_kecepatan(apps, schema_editor):
    """ "Segera" was a sifat; it is the derajat kecepatan now. "Penting" is not in the
    regulation: such letters become Biasa."""
    Letter = apps.get_model("letters", "Letter")
    Letter.objects.filter(sifat="segera").update(sifat="biasa", kecepatan="segera")
    Letter.objects.filter(sifat="penting").update(sifat="biasa")


def kecepatan_ke_sifat(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    Letter.objects.filter(kecepatan__in=["segera", "sangat_segera"]).update(sifat="segera")
    Letter.objects.filter(sifat__in=["terbatas"]).update(sifat="biasa")
    Letter.objects.filter(sifat="sangat_rahasia").update(sifat="rahasia")


# SQLite rebuilds letters_letter to alter its columns, which drops the table's trigger
# from 0003: put it back (literal copy of letters.triggers as of 0003).
SQLITE_SURAT_TOLAK_HAPUS = (
    "CREATE TRIGGER letters_letter_tolak_hapus BEFORE DELETE ON letters_letter FOR EACH "
    "ROW BEGIN SELECT RAISE(ABORT, 'Surat tidak dapat dihapus. Surat yang tidak jadi "
    "dikirim dibatalkan.'); END"
)


def pasang_lagi_pemicu(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS letters_letter_tolak_hapus")
        schema_editor.execute(SQLITE_SURAT_TOLAK_HAPUS)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0003_riwayat_tidak_dapat_diubah"),
    ]

    operations = [
        migrations.AddField(
            model_name="letter",
            name="isian",
            field=models.JSONField(blank=True, default=dict, verbose_name="isian jenis naskah"),
        ),
        migrations.AddField(
            model_name="letter",
            name="kecepatan",
            field=models.CharField(
                choices=[
                    ("biasa", "Biasa"),
                    ("segera", "Segera"),
                    ("sangat_segera", "Sangat Segera"),
                ],
                default="biasa",
                max_length=20,
                verbose_name="derajat kecepatan",
            ),
        ),
        migrations.AddField(
            model_name="letter",
            name="ukuran_kertas",
            field=models.CharField(
                blank=True,
                choices=[("A4", "A4 (210 × 297 mm)"), ("F4", "F4 (215 × 330 mm)")],
                max_length=2,
                verbose_name="ukuran kertas",
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="jenis",
            field=models.CharField(
                choices=[
                    ("surat_dinas", "Surat Dinas"),
                    ("undangan", "Surat Undangan"),
                    ("nota_dinas", "Nota Dinas"),
                    ("memo", "Memo"),
                    ("edaran", "Surat Edaran"),
                    ("perintah", "Surat Perintah"),
                    ("tugas", "Surat Tugas"),
                    ("keterangan", "Surat Keterangan"),
                    ("pengantar", "Surat Pengantar"),
                    ("berita_acara", "Berita Acara"),
                    ("kuasa", "Surat Kuasa"),
                    ("pengumuman", "Pengumuman"),
                    ("laporan", "Laporan"),
                    ("telaahan_staf", "Telaahan Staf"),
                    ("notula", "Notula"),
                ],
                default="surat_dinas",
                max_length=20,
                verbose_name="jenis naskah",
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="sifat",
            field=models.CharField(
                choices=[
                    ("biasa", "Biasa"),
                    ("terbatas", "Terbatas"),
                    ("rahasia", "Rahasia"),
                    ("sangat_rahasia", "Sangat Rahasia"),
                ],
                default="biasa",
                max_length=20,
                verbose_name="klasifikasi keamanan",
            ),
        ),
        migrations.RunPython(sifat_ke_kecepatan, kecepatan_ke_sifat),
        migrations.RunPython(pasang_lagi_pemicu, pasang_lagi_pemicu),
    ]
