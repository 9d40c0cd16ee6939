"""One number, one letter; the signed document records the version it was made from.

Before the unique constraint on (unit, tahun, nomor) is added, any number already given
twice is reported by name, so the administrator knows which letters to look at, instead
of an IntegrityError from the database.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


def refuse_duplicate_numbers(apps, schema_editor):
    AgendaEntry = apps.get_model("letters", "AgendaEntry")
    duplicates = (
        AgendaEntry.objects.values("unit_id", "tahun", "nomor")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("unit_id", "tahun", "nomor")
    )
    lines = []
    for dup in duplicates:
        letters = AgendaEntry.objects.filter(
            unit_id=dup["unit_id"], tahun=dup["tahun"], nomor=dup["nomor"]
        ).values_list("letter_id", flat=True)
        lines.append(
            f"  nomor {dup['nomor']} (unit id {dup['unit_id']}, tahun {dup['tahun']}): "
            f"surat id {', '.join(str(pk) for pk in letters)}"
        )
    if lines:
        raise RuntimeError(
            "Migrasi dihentikan: nomor surat berikut diberikan lebih dari sekali. Batalkan "
            "atau beri nomor sisipan pada salah satu surat tiap nomor, lalu ulangi migrasi.\n"
            + "\n".join(lines)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0003_tanda_tangan_elektronik"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="signeddocument",
            name="diunggah_oleh",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="pengunggah pindaian",
            ),
        ),
        migrations.AddField(
            model_name="signeddocument",
            name="hash_versi",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256 versi"),
        ),
        migrations.AddField(
            model_name="signeddocument",
            name="versi",
            field=models.PositiveIntegerField(null=True, verbose_name="versi yang ditandatangani"),
        ),
        migrations.RunPython(refuse_duplicate_numbers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="agendaentry",
            constraint=models.UniqueConstraint(
                fields=("unit", "tahun", "nomor"), name="nomor_surat_unik_per_tahun"
            ),
        ),
    ]
