# Big registers made by the background worker (issue 13, point 8).

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import letters.models


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0004_jenis_naskah"),
        ("organisasi", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BerkasRegister",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("dokumen", models.CharField(max_length=20, verbose_name="dokumen")),
                ("format", models.CharField(max_length=4, verbose_name="format")),
                ("mulai", models.DateField(verbose_name="periode mulai")),
                ("selesai", models.DateField(verbose_name="periode selesai")),
                ("periode_label", models.CharField(max_length=120, verbose_name="periode")),
                (
                    "mengetahui",
                    models.CharField(blank=True, max_length=40, verbose_name="mengetahui"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("menunggu", "Menunggu giliran"),
                            ("dibuat", "Sedang dibuat"),
                            ("siap", "Siap diunduh"),
                            ("gagal", "Gagal"),
                        ],
                        default="menunggu",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "progres",
                    models.PositiveSmallIntegerField(default=0, verbose_name="progres (%)"),
                ),
                (
                    "jumlah_baris",
                    models.PositiveIntegerField(default=0, verbose_name="jumlah baris"),
                ),
                (
                    "berkas",
                    models.FileField(
                        blank=True,
                        upload_to=letters.models._berkas_register_path,
                        verbose_name="berkas",
                    ),
                ),
                ("galat", models.TextField(blank=True, verbose_name="galat")),
                ("dibuat", models.DateTimeField(auto_now_add=True, verbose_name="diminta pada")),
                (
                    "selesai_pada",
                    models.DateTimeField(blank=True, null=True, verbose_name="selesai pada"),
                ),
                (
                    "diminta_oleh",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="diminta oleh",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organisasi.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "berkas register",
                "verbose_name_plural": "berkas register",
                "ordering": ["-dibuat"],
                "indexes": [
                    models.Index(
                        fields=["diminta_oleh", "-dibuat"], name="letters_ber_diminta_259af4_idx"
                    )
                ],
            },
        ),
    ]
