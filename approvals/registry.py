"""The SOP actions, one row each: what the pages, the Kotak Masuk and the tests read.

A row says what an action looks like and how it is asked for (button label, the sentence
on its confirmation page, its form, one tap or a form first, the success message). Who may
run it is the rule ``rules.ACTION_ACTORS[nama]``; whose Kotak Masuk waits for it is
``rules.NEXT_ACTION``; what it does is the function ``actions.<nama>``; which state it
moves the letter between is the transition ``Letter.<nama>``. Adding an action touches this
table, rules.py, actions.py (and letters.models for a new transition) and a test.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from approvals import actions, rules
from approvals.forms import (
    BatalForm,
    CatatanForm,
    FormAksi,
    KirimForm,
    NomorForm,
    PersetujuanForm,
    RevisiForm,
    TandatanganForm,
)
from letters.models import Letter, Status


@dataclass(frozen=True)
class AksiSop:
    nama: str  # the action function, the transition and the URL slug
    label: str | Promise  # the button (DESIGN.md §7)
    konfirmasi: str | Promise  # said on the action's page, above its form
    form: type[FormAksi]
    berhasil: str | Promise  # the message after it is done (may say the %(nomor)s)
    # No form to fill: the letter page's button opens the confirmation page (asked once,
    # bound to the version on screen), whose button acts.
    satu_ketuk: bool = False
    hati_hati: bool = False  # sends the letter back or ends it: a warning-coloured button
    # For a letter signed in ink (letters.models.ttd_basah), when it reads differently.
    label_basah: str | Promise = ""
    konfirmasi_basah: str | Promise = ""

    @property
    def aturan(self) -> tuple[rules.Actor, ...]:
        """Who may run it (the rule in rules.py)."""
        return rules.ACTION_ACTORS[self.nama]

    @property
    def kotak_masuk(self) -> list[Status]:
        """The states in which a Kotak Masuk waits for this action (none: nobody waits)."""
        return [Status(s) for s, nama in rules.NEXT_ACTION.items() if nama == self.nama]

    def untuk(self, letter: Letter) -> AksiSop:
        """This action as ``letter`` asks for it (its wording for a letter signed in ink)."""
        if self.label_basah and letter.tanda_tangan_basah:
            return replace(self, label=self.label_basah, konfirmasi=self.konfirmasi_basah)
        return self

    def form_untuk(
        self, letter: Letter, user, data=None, files=None, versi: int | None = None
    ) -> FormAksi:
        """The form; unbound, it carries ``versi`` (the version the letter page showed
        when its button was pressed), else the letter's current version."""
        kwargs = {"letter": letter, "user": user} if self.form.per_surat else {}
        if data is not None:
            return self.form(data, files, **kwargs)
        return self.form(initial={"versi": versi or letter.versi}, **kwargs)

    def jalankan(self, letter: Letter, *, by, form: FormAksi) -> Letter:
        return getattr(actions, self.nama)(letter, by=by, **form.argumen())


# In the order the buttons appear on a letter and the groups of the Kotak Masuk.
DAFTAR = [
    AksiSop(
        "submit",
        _("Ajukan"),
        _("Surat diajukan kepada Kasubbag Umum dan Kepegawaian untuk diberi nomor."),
        CatatanForm,
        _("Surat diajukan dan menunggu nomor."),
        satu_ketuk=True,
    ),
    AksiSop(
        "resubmit",
        _("Ajukan Ulang"),
        _("Surat yang sudah diperbaiki diajukan kembali."),
        CatatanForm,
        _("Surat diajukan ulang."),
        satu_ketuk=True,
    ),
    AksiSop(
        "assign_number",
        _("Beri Nomor"),
        _("Nomor berikutnya dari Agenda Surat Keluar diberikan, atau nomor sisipan."),
        NomorForm,
        _("Nomor surat %(nomor)s diberikan."),
    ),
    AksiSop(
        "paraf",
        _("Paraf"),
        _("Paraf diberikan pada versi surat yang Anda lihat."),
        PersetujuanForm,
        _("Surat telah diparaf dan diteruskan ke Sekcam."),
        satu_ketuk=True,
    ),
    AksiSop(
        "approve",
        _("Setujui"),
        _("Persetujuan diberikan pada versi surat yang Anda lihat."),
        PersetujuanForm,
        _("Surat disetujui dan diteruskan untuk ditandatangani."),
        satu_ketuk=True,
    ),
    AksiSop(
        "sign",
        _("Tandatangani"),
        _("Surat ditandatangani pada versi yang Anda lihat."),
        TandatanganForm,
        _("Surat telah ditandatangani."),
        label_basah=_("Unggah Pindaian Bertanda Tangan"),
        konfirmasi_basah=_(
            "Surat ini ditandatangani basah (bukan TTE): cetak surat final, tandatangani "
            "dengan tinta, lalu unggah pindaiannya."
        ),
    ),
    AksiSop(
        "dispatch",
        _("Kirim"),
        _("Catat pengiriman surat yang telah ditandatangani."),
        KirimForm,
        _("Pengiriman surat dicatat."),
    ),
    AksiSop(
        "return_for_revision",
        _("Kembalikan untuk Revisi"),
        _("Surat dikembalikan kepada pembuatnya untuk diperbaiki."),
        RevisiForm,
        _("Surat dikembalikan untuk revisi."),
        hati_hati=True,
    ),
    AksiSop(
        "cancel",
        _("Batalkan"),
        _("Surat dibatalkan; nomornya, bila sudah ada, tetap tercatat sebagai BATAL."),
        BatalForm,
        _("Surat dibatalkan."),
        hati_hati=True,
    ),
]
AKSI = {aksi.nama: aksi for aksi in DAFTAR}

# The Kotak Masuk groups letters by the state they wait in, in the order of the actions.
URUTAN_KOTAK_MASUK = [state for aksi in DAFTAR for state in aksi.kotak_masuk]


def tombol(user, letter: Letter) -> list[AksiSop]:
    """The actions ``user`` may take on ``letter`` now: its state allows them (the state
    machine) and the user may run them (the rules)."""
    return [
        aksi.untuk(letter)
        for aksi in DAFTAR
        if can_proceed(getattr(letter, aksi.nama)) and rules.may(user, aksi.nama, letter)
    ]
