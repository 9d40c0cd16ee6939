from approvals.management.berulang import PerintahBerulang
from approvals.outbox import kirim_antrean


class Command(PerintahBerulang):
    help = (
        "Mengirim surel keluar yang sudah waktunya dikirim, termasuk percobaan ulang "
        "surel yang sebelumnya gagal."
    )

    def satu_putaran(self, verbosity: int) -> str:
        hasil = kirim_antrean()
        if hasil.terkirim or hasil.ditunda or hasil.gagal or verbosity > 1:
            return str(hasil)
        return ""
