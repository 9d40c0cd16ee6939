
from django.conf import settings
from django.db import migrations, models
import approvals.models
import django.db.models.deletion
import django.utils.timezone



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('letters', '0001_initial'),
        ('organisasi', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LangkahSop',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('nomor', models.PositiveSmallIntegerField(verbose_name='nomor')),
                ('pelaksana', models.CharField(max_length=150, verbose_name='pelaksana')),
                ('kegiatan', models.CharField(max_length=250, verbose_name='kegiatan')),
                ('mutu_baku', models.PositiveIntegerField(verbose_name='mutu baku (menit)')),
                ('output', models.CharField(blank=True, max_length=150, verbose_name='output')),
                ('status_surat', models.CharField(help_text='Nilai status dipisah koma, mis. draft,revision.', max_length=60, validators=[approvals.models.validate_status_list], verbose_name='status surat pada langkah ini')),
            ],
            options={
                'verbose_name': 'langkah SOP',
                'verbose_name_plural': 'langkah SOP',
                'ordering': ['unit', 'nomor'],
            },
        ),
        migrations.CreateModel(
            name='Notifikasi',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('judul', models.CharField(max_length=200, verbose_name='judul')),
                ('pesan', models.TextField(verbose_name='pesan')),
                ('dibaca', models.BooleanField(default=False, verbose_name='sudah dibaca')),
                ('dibuat', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'notifikasi',
                'verbose_name_plural': 'notifikasi',
                'ordering': ['-dibuat', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Pengingat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('langkah', models.PositiveSmallIntegerField()),
                ('sejak', models.DateTimeField(help_text='Saat surat tiba pada langkah ini.', verbose_name='sejak')),
                ('dikirim', models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.CreateModel(
            name='SurelKeluar',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kepada', models.EmailField(max_length=254, verbose_name='kepada')),
                ('subjek', models.CharField(max_length=255, verbose_name='subjek')),
                ('isi', models.TextField(verbose_name='isi')),
                ('status', models.CharField(choices=[('menunggu', 'Menunggu dikirim'), ('terkirim', 'Terkirim'), ('gagal', 'Gagal permanen')], default='menunggu', max_length=10, verbose_name='status')),
                ('percobaan', models.PositiveSmallIntegerField(default=0, verbose_name='jumlah percobaan')),
                ('coba_lagi_pada', models.DateTimeField(default=django.utils.timezone.now, verbose_name='percobaan berikutnya')),
                ('galat_terakhir', models.TextField(blank=True, verbose_name='galat terakhir')),
                ('terkirim_pada', models.DateTimeField(blank=True, null=True, verbose_name='terkirim pada')),
                ('dibuat', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='dibuat')),
            ],
            options={
                'verbose_name': 'surel keluar',
                'verbose_name_plural': 'surel keluar',
                'ordering': ['-dibuat', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='langkahsop',
            name='unit',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='langkah_sop', to='organisasi.unit'),
        ),
        migrations.AddField(
            model_name='notifikasi',
            name='letter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='letters.letter'),
        ),
        migrations.AddField(
            model_name='notifikasi',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifikasi', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='pengingat',
            name='letter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='letters.letter'),
        ),
        migrations.AddField(
            model_name='surelkeluar',
            name='notifikasi',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='surel', to='approvals.notifikasi', verbose_name='notifikasi'),
        ),
        migrations.AddConstraint(
            model_name='langkahsop',
            constraint=models.UniqueConstraint(fields=('unit', 'nomor'), name='satu_langkah_per_nomor'),
        ),
        migrations.AddIndex(
            model_name='notifikasi',
            index=models.Index(fields=['user', 'dibaca', '-dibuat'], name='approvals_n_user_id_4deb44_idx'),
        ),
        migrations.AddConstraint(
            model_name='pengingat',
            constraint=models.UniqueConstraint(fields=('letter', 'langkah', 'sejak'), name='satu_pengingat_per_langkah'),
        ),
        migrations.AddIndex(
            model_name='surelkeluar',
            index=models.Index(fields=['status', 'coba_lagi_pada'], name='surel_keluar_antrean'),
        ),
    ]
