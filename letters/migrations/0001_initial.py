
from django.conf import settings
from django.db import migrations, models
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import django_fsm
import letters.models
import uuid



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organisasi', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AgendaEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tahun', models.PositiveSmallIntegerField(verbose_name='tahun')),
                ('seri', models.CharField(blank=True, max_length=40, verbose_name='seri')),
                ('nomor_urut', models.PositiveIntegerField(verbose_name='nomor urut')),
                ('sisipan', models.PositiveSmallIntegerField(default=0, verbose_name='sisipan ke')),
                ('alasan_sisipan', models.CharField(blank=True, max_length=250, verbose_name='alasan sisipan')),
                ('nomor', models.CharField(max_length=120, verbose_name='nomor surat')),
                ('tanggal', models.DateField(verbose_name='tanggal nomor')),
            ],
            options={
                'verbose_name': 'agenda surat keluar',
                'verbose_name_plural': 'agenda surat keluar',
                'ordering': ['unit', 'tahun', 'seri', 'nomor_urut', 'sisipan'],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('berkas', models.FileField(upload_to=letters.models._lampiran_path, verbose_name='berkas')),
                ('nama', models.CharField(max_length=200, verbose_name='nama berkas')),
                ('ukuran', models.PositiveIntegerField(verbose_name='ukuran (bita)')),
                ('sha256', models.CharField(max_length=64)),
                ('diunggah_pada', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'lampiran',
                'verbose_name_plural': 'lampiran',
                'ordering': ['diunggah_pada'],
            },
        ),
        migrations.CreateModel(
            name='Dispatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tanggal_kirim', models.DateField(verbose_name='tanggal kirim')),
                ('cara', models.CharField(choices=[('kurir', 'Diantar kurir/caraka'), ('pos', 'Pos'), ('email', 'Surel (email)'), ('srikandi', 'Aplikasi SRIKANDI'), ('langsung', 'Diambil langsung')], max_length=20, verbose_name='cara kirim')),
                ('nama_penerima', models.CharField(blank=True, max_length=150, verbose_name='nama penerima')),
                ('tanggal_terima', models.DateField(blank=True, null=True, verbose_name='tanggal diterima')),
                ('bukti', models.FileField(blank=True, upload_to=letters.models._tanda_terima_path, verbose_name='tanda terima (scan)')),
                ('catatan', models.CharField(blank=True, max_length=250, verbose_name='keterangan')),
                ('dicatat_pada', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'pengiriman',
                'verbose_name_plural': 'pengiriman',
                'ordering': ['dicatat_pada'],
            },
        ),
        migrations.CreateModel(
            name='KodeKlasifikasi',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kode', models.CharField(max_length=20, unique=True, verbose_name='kode')),
                ('nama', models.TextField(verbose_name='nama')),
                ('urutan', models.PositiveIntegerField(db_index=True, default=0, verbose_name='urutan')),
            ],
            options={
                'verbose_name': 'kode klasifikasi arsip',
                'verbose_name_plural': 'kode klasifikasi arsip',
                'ordering': ['urutan'],
            },
        ),
        migrations.CreateModel(
            name='Letter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('jenis', models.CharField(choices=[('surat_dinas', 'Surat Dinas'), ('undangan', 'Surat Undangan'), ('edaran', 'Surat Edaran'), ('keterangan', 'Surat Keterangan'), ('tugas', 'Surat Tugas'), ('nota_dinas', 'Nota Dinas')], default='surat_dinas', max_length=20, verbose_name='jenis naskah')),
                ('sifat', models.CharField(choices=[('biasa', 'Biasa'), ('penting', 'Penting'), ('segera', 'Segera'), ('rahasia', 'Rahasia')], default='biasa', max_length=10, verbose_name='sifat')),
                ('hal', models.CharField(max_length=250, verbose_name='hal')),
                ('lampiran', models.CharField(blank=True, max_length=100, verbose_name='lampiran')),
                ('isi', models.TextField(verbose_name='isi surat')),
                ('tembusan', models.TextField(blank=True, help_text='Satu per baris.', verbose_name='tembusan')),
                ('cara_ttd', models.CharField(choices=[('langsung', 'Langsung'), ('an', 'a.n. (atas nama)'), ('plt', 'Plt.'), ('plh', 'Plh.')], default='langsung', max_length=10, verbose_name='cara tanda tangan')),
                ('surat_masuk_nomor', models.CharField(blank=True, max_length=100, verbose_name='nomor surat masuk')),
                ('surat_masuk_tanggal', models.DateField(blank=True, null=True, verbose_name='tanggal surat masuk')),
                ('surat_masuk_pengirim', models.CharField(blank=True, max_length=200, verbose_name='pengirim surat masuk')),
                ('status', django_fsm.FSMField(choices=[('draft', 'Konsep'), ('numbering', 'Menunggu Nomor'), ('review', 'Menunggu Paraf'), ('approval', 'Menunggu Persetujuan Sekcam'), ('signing', 'Menunggu Tanda Tangan'), ('signed', 'Ditandatangani'), ('sent', 'Terkirim'), ('revision', 'Perlu Revisi'), ('cancelled', 'Dibatalkan')], default='draft', max_length=50, protected=True, verbose_name='status')),
                ('versi', models.PositiveIntegerField(default=1, verbose_name='versi')),
                ('dibuat', models.DateTimeField(auto_now_add=True, verbose_name='dibuat')),
                ('diubah', models.DateTimeField(auto_now=True, verbose_name='diubah')),
                ('tanggal_surat', models.DateField(blank=True, null=True, verbose_name='tanggal surat')),
                ('ditandatangani_pada', models.DateTimeField(blank=True, null=True)),
                ('jabatan_penandatangan', models.CharField(blank=True, max_length=200)),
                ('ttd_manual', models.BooleanField(default=False, help_text='Surat ini dicetak dan ditandatangani dengan tinta, lalu pindaiannya diunggah.', verbose_name='ditandatangani basah')),
                ('alasan_ttd_manual', models.CharField(blank=True, max_length=250, verbose_name='alasan tanda tangan basah')),
            ],
            options={
                'verbose_name': 'surat keluar',
                'verbose_name_plural': 'surat keluar',
                'ordering': ['-dibuat'],
            },
            bases=(django_fsm.ConcurrentTransitionMixin, models.Model),
        ),
        migrations.CreateModel(
            name='LetterEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('aksi', models.CharField(choices=[('create', 'Dibuat'), ('edit', 'Diubah'), ('submit', 'Ajukan'), ('assign_number', 'Beri Nomor'), ('paraf', 'Paraf'), ('approve', 'Setujui'), ('sign', 'Tandatangani'), ('dispatch', 'Kirim'), ('return_for_revision', 'Kembalikan untuk Revisi'), ('resubmit', 'Ajukan Ulang'), ('cancel', 'Batalkan')], max_length=30, verbose_name='aksi')),
                ('dari', models.CharField(blank=True, choices=[('draft', 'Konsep'), ('numbering', 'Menunggu Nomor'), ('review', 'Menunggu Paraf'), ('approval', 'Menunggu Persetujuan Sekcam'), ('signing', 'Menunggu Tanda Tangan'), ('signed', 'Ditandatangani'), ('sent', 'Terkirim'), ('revision', 'Perlu Revisi'), ('cancelled', 'Dibatalkan')], max_length=20, verbose_name='dari status')),
                ('ke', models.CharField(blank=True, choices=[('draft', 'Konsep'), ('numbering', 'Menunggu Nomor'), ('review', 'Menunggu Paraf'), ('approval', 'Menunggu Persetujuan Sekcam'), ('signing', 'Menunggu Tanda Tangan'), ('signed', 'Ditandatangani'), ('sent', 'Terkirim'), ('revision', 'Perlu Revisi'), ('cancelled', 'Dibatalkan')], max_length=20, verbose_name='ke status')),
                ('sebagai', models.CharField(blank=True, max_length=200, verbose_name='sebagai')),
                ('catatan', models.TextField(blank=True, verbose_name='catatan')),
                ('versi', models.PositiveIntegerField(verbose_name='versi')),
                ('hash_versi', models.CharField(max_length=64, verbose_name='SHA-256 versi')),
                ('waktu', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='waktu')),
                ('hash_sebelumnya', models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256 riwayat sebelumnya')),
                ('hash', models.CharField(editable=False, max_length=64, verbose_name='SHA-256 riwayat')),
            ],
            options={
                'verbose_name': 'riwayat surat',
                'verbose_name_plural': 'riwayat surat',
                'ordering': ['waktu', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='LetterVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('nomor', models.PositiveIntegerField(verbose_name='nomor versi')),
                ('konten', models.JSONField(verbose_name='konten')),
                ('hash', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('dibuat_pada', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'versi surat',
                'verbose_name_plural': 'versi surat',
                'ordering': ['letter', 'nomor'],
            },
        ),
        migrations.CreateModel(
            name='NumberCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tahun', models.PositiveSmallIntegerField()),
                ('seri', models.CharField(blank=True, max_length=40)),
                ('terakhir', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'penghitung nomor',
                'verbose_name_plural': 'penghitung nomor',
            },
        ),
        migrations.CreateModel(
            name='Penerima',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('nama', models.CharField(max_length=200, verbose_name='nama')),
                ('urutan', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'penerima',
                'verbose_name_plural': 'penerima',
                'ordering': ['urutan', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='PengaturanSurat',
            fields=[
                ('unit', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='pengaturan_surat', serialize=False, to='organisasi.unit', verbose_name='unit')),
                ('kode_unit', models.CharField(blank=True, help_text='mis. 416-XX', max_length=30, verbose_name='kode unit pada nomor surat')),
                ('pola_nomor', models.CharField(default='{kode}/{urut:3}/{unit}/{tahun}', help_text='Token: {kode} kode klasifikasi, {urut:3} nomor urut dengan lebar 3, {unit} kode unit, {jenis} kode jenis naskah (mis. SE, UND), {bulan_romawi}, {bulan}, {tahun}. Tidak dapat diubah setelah nomor pertama tahun berjalan diberikan.', max_length=120, verbose_name='pola nomor surat')),
                ('seri_nomor', models.CharField(choices=[('unit', 'Satu seri per unit per tahun'), ('klasifikasi', 'Satu seri per kode klasifikasi per tahun'), ('jenis', 'Satu seri per jenis naskah per tahun')], default='unit', max_length=20, verbose_name='seri penomoran')),
                ('metode_ttd', models.CharField(choices=[('elektronik', 'Tanda tangan elektronik (TTE)'), ('manual', 'Tanda tangan basah (dipindai)')], default='elektronik', max_length=12, verbose_name='cara penandatanganan')),
                ('ukuran_kertas', models.CharField(choices=[('A4', 'A4 (210 × 297 mm)'), ('F4', 'F4 (215 × 330 mm)')], default='A4', max_length=2, verbose_name='ukuran kertas')),
                ('huruf', models.CharField(choices=[('Liberation Sans', 'Arial (Liberation Sans)'), ('Liberation Serif', 'Times New Roman (Liberation Serif)')], default='Liberation Sans', max_length=40, verbose_name='jenis huruf')),
                ('ukuran_huruf', models.PositiveSmallIntegerField(default=12, validators=[django.core.validators.MinValueValidator(9), django.core.validators.MaxValueValidator(14)], verbose_name='ukuran huruf (pt)')),
                ('margin_atas', models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MaxValueValidator(60)], verbose_name='margin atas (mm)')),
                ('margin_bawah', models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MaxValueValidator(60)], verbose_name='margin bawah (mm)')),
                ('margin_kiri', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MaxValueValidator(60)], verbose_name='margin kiri (mm)')),
                ('margin_kanan', models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MaxValueValidator(60)], verbose_name='margin kanan (mm)')),
            ],
            options={
                'verbose_name': 'pengaturan surat',
                'verbose_name_plural': 'pengaturan surat',
            },
        ),
        migrations.AddField(
            model_name='agendaentry',
            name='diberikan_oleh',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='agendaentry',
            name='unit',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisasi.unit'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='diunggah_oleh',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='dispatch',
            name='dicatat_oleh',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='kodeklasifikasi',
            name='induk',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='anak', to='letters.kodeklasifikasi'),
        ),
        migrations.AddField(
            model_name='letter',
            name='ditandatangani_oleh',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='letter',
            name='klasifikasi',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='letters.kodeklasifikasi', verbose_name='kode klasifikasi'),
        ),
        migrations.AddField(
            model_name='letter',
            name='pejabat_pengawas',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='surat_diawasi', to='organisasi.position', verbose_name='pejabat pengawas'),
        ),
        migrations.AddField(
            model_name='letter',
            name='pembuat',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='surat_dibuat', to=settings.AUTH_USER_MODEL, verbose_name='pembuat'),
        ),
        migrations.AddField(
            model_name='letter',
            name='penandatangan',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='surat_ditandatangani', to='organisasi.position', verbose_name='penandatangan'),
        ),
        migrations.AddField(
            model_name='letter',
            name='posisi_pembuat',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisasi.position', verbose_name='jabatan pembuat'),
        ),
        migrations.AddField(
            model_name='letter',
            name='unit',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='surat', to='organisasi.unit', verbose_name='instansi'),
        ),
        migrations.AddField(
            model_name='dispatch',
            name='letter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pengiriman', to='letters.letter'),
        ),
        migrations.AddField(
            model_name='attachment',
            name='letter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='letters.letter'),
        ),
        migrations.AddField(
            model_name='agendaentry',
            name='letter',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='agenda', to='letters.letter'),
        ),
        migrations.AddField(
            model_name='letterevent',
            name='letter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='letters.letter'),
        ),
        migrations.AddField(
            model_name='letterevent',
            name='oleh',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='letterversion',
            name='dibuat_oleh',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='letterversion',
            name='letter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='letters.letter'),
        ),
        migrations.AddField(
            model_name='numbercounter',
            name='unit',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisasi.unit'),
        ),
        migrations.AddField(
            model_name='penerima',
            name='letter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='penerima', to='letters.letter'),
        ),
        migrations.CreateModel(
            name='SignedDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kode_verifikasi', models.CharField(editable=False, max_length=40, unique=True)),
                ('berkas', models.FileField(upload_to=letters.models._dokumen_path)),
                ('sha256', models.CharField(max_length=64, unique=True)),
                ('cara', models.CharField(choices=[('lokal', 'TTE, kunci PKCS#12 di server'), ('bsre', 'TTE, API BSrE'), ('manual', 'Tanda tangan basah (pindaian)')], max_length=10)),
                ('ditandatangani_pada', models.DateTimeField()),
                ('versi', models.PositiveIntegerField(null=True, verbose_name='versi yang ditandatangani')),
                ('hash_versi', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 versi')),
                ('ditandatangani_oleh', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('diunggah_oleh', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='pengunggah pindaian')),
                ('letter', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='dokumen', to='letters.letter')),
            ],
            options={
                'verbose_name': 'dokumen ditandatangani',
                'verbose_name_plural': 'dokumen ditandatangani',
            },
        ),
        migrations.CreateModel(
            name='Tujuan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('nama', models.CharField(max_length=200, verbose_name='nama')),
                ('jenis', models.CharField(choices=[('desa', 'Desa'), ('perangkat_daerah', 'Perangkat Daerah'), ('instansi', 'Instansi'), ('lembaga', 'Lembaga')], max_length=20, verbose_name='jenis')),
                ('alamat', models.CharField(blank=True, max_length=200, verbose_name='alamat / tempat')),
                ('aktif', models.BooleanField(default=True, verbose_name='aktif')),
            ],
            options={
                'verbose_name': 'tujuan surat',
                'verbose_name_plural': 'tujuan surat',
                'ordering': ['jenis', 'nama'],
                'constraints': [models.UniqueConstraint(fields=('nama',), name='tujuan_nama_unik')],
            },
        ),
        migrations.AddField(
            model_name='penerima',
            name='tujuan',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='letters.tujuan'),
        ),
        migrations.AddIndex(
            model_name='letter',
            index=models.Index(fields=['unit', 'status'], name='letters_let_unit_id_d16dfe_idx'),
        ),
        migrations.AddIndex(
            model_name='letter',
            index=models.Index(fields=['pembuat', 'status'], name='letters_let_pembuat_7d6c81_idx'),
        ),
        migrations.AddIndex(
            model_name='letter',
            index=models.Index(fields=['pejabat_pengawas', 'status'], name='letters_let_pejabat_378a37_idx'),
        ),
        migrations.AddIndex(
            model_name='letter',
            index=models.Index(fields=['penandatangan', 'status'], name='letters_let_penanda_6fb672_idx'),
        ),
        migrations.AddIndex(
            model_name='letter',
            index=models.Index(fields=['unit', '-dibuat'], name='letters_let_unit_id_720983_idx'),
        ),
        migrations.AddIndex(
            model_name='agendaentry',
            index=models.Index(fields=['unit', 'tahun', 'tanggal'], name='letters_age_unit_id_ad4286_idx'),
        ),
        migrations.AddConstraint(
            model_name='agendaentry',
            constraint=models.UniqueConstraint(fields=('unit', 'tahun', 'seri', 'nomor_urut', 'sisipan'), name='nomor_urut_unik_per_seri'),
        ),
        migrations.AddConstraint(
            model_name='agendaentry',
            constraint=models.UniqueConstraint(fields=('unit', 'tahun', 'nomor'), name='nomor_surat_unik_per_tahun'),
        ),
        migrations.AddConstraint(
            model_name='agendaentry',
            constraint=models.CheckConstraint(condition=models.Q(('sisipan', 0), models.Q(('alasan_sisipan', ''), _negated=True), _connector='OR'), name='sisipan_wajib_alasan'),
        ),
        migrations.AddIndex(
            model_name='letterevent',
            index=models.Index(fields=['letter', 'waktu'], name='letters_let_letter__a0f86b_idx'),
        ),
        migrations.AddIndex(
            model_name='letterevent',
            index=models.Index(fields=['aksi', 'waktu'], name='letters_let_aksi_55f89a_idx'),
        ),
        migrations.AddConstraint(
            model_name='letterversion',
            constraint=models.UniqueConstraint(fields=('letter', 'nomor'), name='versi_unik_per_surat'),
        ),
        migrations.AddConstraint(
            model_name='numbercounter',
            constraint=models.UniqueConstraint(fields=('unit', 'tahun', 'seri'), name='satu_penghitung_per_seri'),
        ),
    ]
