from approvals.management.berulang import PerintahBerulang
from approvals.pengingat import kirim_pengingat


class Command(PerintahBerulang):
    help = "Mengirim pengingat untuk surat yang melewati mutu baku langkahnya."

    def satu_putaran(self, verbosity: int) -> str:
        jumlah = kirim_pengingat()
        return f"{jumlah} pengingat dikirim." if jumlah or verbosity > 1 else ""
