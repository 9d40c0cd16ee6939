"""The drafting form of a letter: its fields, the officials it may name (four eyes)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django_prose_editor.fields import ProseEditorFormField

from approvals import rules
from letters import jenis_naskah
from letters.fields_tanggal import (
    PESAN_TANGGAL,
    PESAN_WAKTU,
    TanggalField,
    TeksTanggalField,
    TeksWaktuField,
)
from letters.models import ISIAN_SURAT, KodeKlasifikasi, Letter, Tujuan, pengaturan_surat
from letters.sanitize import clean_html
from organisasi.models import PERAN_PENGAWAS, Position, Unit

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "History": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Paragraph": True,
    "Text": True,
    "Document": True,
}


class KlasifikasiField(forms.ModelChoiceField):
    """Typed or picked from a suggestion list: ``100.2.4`` or ``100.2.4 — Fasilitasi …``."""

    default_error_messages = {
        "invalid_choice": _l("Kode klasifikasi tidak ditemukan dalam daftar Permendagri 83/2022."),
    }

    def to_python(self, value):
        if isinstance(value, KodeKlasifikasi):
            return value
        if isinstance(value, int):  # a disabled field's initial value is the row's id
            return self.queryset.filter(pk=value).first()
        if isinstance(value, str):
            value = value.split("—")[0].split(" ")[0].strip()
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, KodeKlasifikasi):
            return value.kode
        if isinstance(value, int):
            return KodeKlasifikasi.objects.filter(pk=value).values_list("kode", flat=True).first()
        return value


class PilihanTujuanField(forms.ModelMultipleChoiceField):
    """Django checks the chosen ids with one ``pk__in`` query, which SQLite cannot run with
    a number beyond 64 bits: a value that cannot be an id is an invalid choice before it."""

    def clean(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            if not (isinstance(pk, str) and pk.isascii() and pk.isdigit() and len(pk) < 19):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class LetterForm(forms.ModelForm):
    klasifikasi = KlasifikasiField(
        queryset=KodeKlasifikasi.objects.all(),
        to_field_name="kode",
        label=_l("Kode Klasifikasi"),
        widget=forms.TextInput(
            attrs={
                "list": "daftar-klasifikasi",
                "autocomplete": "off",
                "placeholder": "mis. 100.2.4 atau ketik nama",
            }
        ),
    )
    tujuan = PilihanTujuanField(
        queryset=Tujuan.objects.filter(aktif=True),
        required=False,
        label=_l("Tujuan"),
        widget=forms.CheckboxSelectMultiple,
    )
    tujuan_lain = forms.CharField(
        label=_l("Tujuan lain"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_l("Penerima yang tidak ada di daftar, satu per baris."),
    )
    isi = ProseEditorFormField(
        label=_l("Isi Surat"), extensions=EDITOR_EXTENSIONS, sanitize=clean_html
    )
    versi_dasar = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Letter
        # tujuan and tujuan_lain are declared above; isian is made of the jenis fields.
        fields = tuple(f for f in ISIAN_SURAT if f != "isian")
        labels = {
            "jenis": _l("Jenis Naskah"),
            "sifat": _l("Sifat (klasifikasi keamanan)"),
            "kecepatan": _l("Derajat kecepatan"),
            "ukuran_kertas": _l("Ukuran kertas"),
            "hal": _l("Hal"),
            "lampiran": _l("Lampiran"),
            "tembusan": _l("Tembusan"),
            "pejabat_pengawas": _l("Pejabat Pengawas"),
            "penandatangan": _l("Penandatangan"),
            "cara_ttd": _l("Cara Tanda Tangan"),
            "ttd_manual": _l("Ditandatangani basah (bukan TTE)"),
            "alasan_ttd_manual": _l("Alasan tanda tangan basah"),
            "surat_masuk_nomor": _l("Nomor surat masuk"),
            "surat_masuk_tanggal": _l("Tanggal surat masuk"),
            "surat_masuk_pengirim": _l("Pengirim surat masuk"),
        }
        help_texts = {
            "lampiran": _l("mis. 1 (satu) berkas; kosongkan bila tidak ada."),
            "tembusan": _l("Satu penerima tembusan per baris."),
        }
        widgets = {"tembusan": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"surat_masuk_tanggal": TanggalField}

    def __init__(self, *args, instansi_id: int, pembuat, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = Unit.objects.get(pk=instansi_id)
        self.pembuat = pembuat
        self.fields["pejabat_pengawas"].queryset = (
            Position.objects.di_instansi(instansi_id)
            .filter(peran__in=PERAN_PENGAWAS)
            .select_related("unit")
        )
        self.fields["penandatangan"].queryset = rules.penandatangan_choices(
            self.instansi
        ).select_related("unit")
        for name in ("pejabat_pengawas", "penandatangan"):
            self.fields[name].empty_label = _("— pilih jabatan —")
        kertas = pengaturan_surat(self.instansi).ukuran_kertas
        self.fields["ukuran_kertas"].choices = [
            ("", _("Sesuai pengaturan unit (%(ukuran)s)") % {"ukuran": kertas}),
            *Letter._meta.get_field("ukuran_kertas").choices,
        ]
        self.fields["isi"].required = False
        self.fields["isi"].help_text = _(
            'Pada Surat Perintah dan Surat Tugas isi ini menjadi bagian "Untuk"; pada '
            "Surat Keterangan, keterangan dan keperluannya; pada Laporan, penutupnya."
        )
        self._tambah_isian_jenis()
        if self.instance.pk:
            penerima = list(self.instance.penerima.all())
            self.initial["tujuan"] = [p.tujuan_id for p in penerima if p.tujuan_id]
            self.initial["tujuan_lain"] = "\n".join(p.nama for p in penerima if not p.tujuan_id)
            self.initial["versi_dasar"] = self.instance.versi
            if hasattr(self.instance, "agenda"):
                self.fields["klasifikasi"].disabled = True
                self.fields["klasifikasi"].help_text = _(
                    "Tidak dapat diubah: surat sudah bernomor."
                )

    def _tambah_isian_jenis(self):
        """One form field per field of every jenis naskah, named ``<jenis>__<field>``;
        the page shows only the chosen jenis's (or, without JavaScript, all of them)."""
        awal = {}
        if self.instance.pk:
            awal = jenis_naskah.teks_form(self.instance.jenis, self.instance.isian)
        self.kelompok_jenis = []
        for j in jenis_naskah.JENIS.values():
            names = []
            for f in j.isian:
                name = f"{j.nilai}__{f.nama}"
                self.fields[name] = _field_isian(f)
                if self.instance.pk and self.instance.jenis == j.nilai and f.nama in awal:
                    self.initial[name] = awal[f.nama]
                names.append(name)
            if names:
                self.kelompok_jenis.append((j, names))

    def isian_jenis(self):
        """The fieldsets of the jenis fields, for the template: (jenis, bound fields)."""
        return [(j, [self[n] for n in names]) for j, names in self.kelompok_jenis]

    def jenis_bertujuan(self) -> str:
        """The jenis that need an addressee (the form marks Tujuan required for them)."""
        return " ".join(j.nilai for j in jenis_naskah.JENIS.values() if j.tujuan_wajib)

    def clean_isi(self):
        return self.cleaned_data.get("isi") or ""

    def clean_surat_masuk_tanggal(self):
        tanggal = self.cleaned_data.get("surat_masuk_tanggal")
        if tanggal and tanggal > timezone.localdate():
            raise forms.ValidationError(_("Tanggal surat masuk tidak boleh di masa depan."))
        return tanggal

    def clean(self):
        data = super().clean()
        jenis = jenis_naskah.jenis(data.get("jenis") or Letter.Jenis.SURAT_DINAS)
        if jenis.isi_wajib and not clean_html(data.get("isi") or "").strip():
            kosong = not (self.data.get(self.add_prefix("isi")) or "").strip()
            self.add_error(
                "isi",
                self.fields["isi"].error_messages["required"]
                if kosong
                else _("Isi surat wajib diisi."),
            )
        if jenis.tujuan_wajib and not data.get("tujuan") and not self._tujuan_lain():
            self.add_error("tujuan", _("Pilih atau tuliskan sedikitnya satu tujuan surat."))
        ketikan = {f.nama: data.get(f"{jenis.nilai}__{f.nama}") or "" for f in jenis.isian}
        self._isian, errors = jenis_naskah.bersihkan(jenis.nilai, ketikan)
        jenis_isian = {f.nama: f.jenis for f in jenis.isian}
        for nama, pesan in errors.items():
            # A date or time that cannot be read: say how to write it.
            pesan = {jenis_naskah.TANGGAL: PESAN_TANGGAL, jenis_naskah.WAKTU: PESAN_WAKTU}.get(
                jenis_isian[nama], pesan
            )
            self.add_error(f"{jenis.nilai}__{nama}", pesan)
        masuk = [
            data.get(f)
            for f in ("surat_masuk_nomor", "surat_masuk_tanggal", "surat_masuk_pengirim")
        ]
        if any(masuk) and not all(masuk):
            self.add_error(
                "surat_masuk_nomor",
                _("Bila surat ini membalas surat masuk, isi nomor, tanggal, dan pengirimnya."),
            )
        self._clean_signer(data)
        if data.get("ttd_manual") and not (data.get("alasan_ttd_manual") or "").strip():
            self.add_error(
                "alasan_ttd_manual", _("Tuliskan alasan surat ini ditandatangani basah.")
            )
        return data

    def _clean_signer(self, data):
        problem = rules.masalah_pejabat(
            instansi=self.instansi,
            pembuat=self.pembuat,
            pejabat_pengawas=data.get("pejabat_pengawas"),
            penandatangan=data.get("penandatangan"),
            cara_ttd=data.get("cara_ttd"),
        )
        if problem:
            self.add_error(problem.field, problem.pesan)

    def _tujuan_lain(self) -> list[str]:
        text = self.cleaned_data.get("tujuan_lain", "")
        return [line.strip()[:200] for line in text.splitlines() if line.strip()]

    def penerima(self) -> list[tuple]:
        """The addressees in order: picked ones, then the free-text lines."""
        picked = [(t, t.nama) for t in self.cleaned_data.get("tujuan", [])]
        return picked + [(None, nama) for nama in self._tujuan_lain()]

    def letter_data(self) -> dict:
        data = {
            f: self.cleaned_data[f]
            for f in self.Meta.fields
            if f not in ("tujuan", "tujuan_lain") and f in self.cleaned_data
        }
        data["isian"] = self._isian
        return data


def _field_isian(f: jenis_naskah.Isian) -> forms.Field:
    """The form field of one jenis field: never required in the form (a draft may be
    incomplete); Ajukan checks what is missing (jenis_naskah.kurang). Dates and times are
    typed the Indonesian way (30/11/2026, 09.00) and kept as jenis_naskah stores them."""
    label = f"{f.label}" if f.wajib else f"{f.label} (tidak wajib)"
    umum = {"label": label, "required": False, "help_text": f.bantuan}
    if f.jenis == jenis_naskah.TANGGAL:
        return TeksTanggalField(**umum)
    if f.jenis == jenis_naskah.WAKTU:
        return TeksWaktuField(**umum)
    placeholder = {"placeholder": f.contoh} if f.contoh else {}
    widget = {
        jenis_naskah.PARAGRAF: forms.Textarea(attrs={"rows": 3, **placeholder}),
        jenis_naskah.ORANG: forms.Textarea(attrs={"rows": 4, **placeholder}),
        jenis_naskah.BARANG: forms.Textarea(attrs={"rows": 4, **placeholder}),
    }.get(f.jenis, forms.TextInput(attrs={"maxlength": 300, **placeholder}))
    return forms.CharField(strip=True, widget=widget, **umum)
