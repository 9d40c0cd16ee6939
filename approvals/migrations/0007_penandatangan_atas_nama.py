"""Who may sign a.n. the head becomes a per-unit setting; the {jenis} number token.

Until now any position could be picked to sign "a.n."; existing instansi keep the usual
practice of the SOP: the Sekretaris Kecamatan signs a.n. the Camat.
"""

from django.db import migrations, models


def sekcam_signs_an(apps, schema_editor):
    Unit = apps.get_model("approvals", "Unit")
    Position = apps.get_model("approvals", "Position")
    for unit in Unit.objects.filter(induk__isnull=True):
        sekcam = Position.objects.filter(unit__instansi_id=unit.pk, peran="sekcam")
        unit.penandatangan_an.add(*sekcam)


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0006_penahanan_passphrase_tte"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="penandatangan_an",
            field=models.ManyToManyField(
                blank=True,
                help_text="mis. Sekretaris Kecamatan untuk a.n. Camat.",
                related_name="+",
                to="approvals.position",
                verbose_name="jabatan yang boleh menandatangani a.n. pimpinan",
            ),
        ),
        migrations.RunPython(sekcam_signs_an, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="unit",
            name="pola_nomor",
            field=models.CharField(
                default="{kode}/{urut:3}/{unit}/{tahun}",
                help_text=(
                    "Token: {kode} kode klasifikasi, {urut:3} nomor urut dengan lebar 3, {unit} "
                    "kode unit, {jenis} kode jenis naskah (mis. SE, UND), {bulan_romawi}, "
                    "{bulan}, {tahun}. Tidak dapat diubah setelah nomor pertama tahun berjalan "
                    "diberikan."
                ),
                max_length=120,
                verbose_name="pola nomor surat",
            ),
        ),
    ]
