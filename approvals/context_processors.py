import functools

from approvals import rules
from approvals.models import Notifikasi


def navigation(request):
    """The header: inbox and notification badges, and which pages this user can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def jumlah_kotak_masuk():
        # The Kotak Masuk page has just counted it (its counters): no second count.
        dihitung = getattr(request, "jumlah_kotak_masuk", None)
        if dihitung is not None:
            return dihitung
        return rules.jumlah_kotak_masuk(user)

    @functools.cache
    def jumlah_notifikasi():
        return Notifikasi.objects.filter(user=user, dibaca=False).count()

    return {
        "jumlah_kotak_masuk": jumlah_kotak_masuk,
        "jumlah_notifikasi": jumlah_notifikasi,
        "jabatan_saya": rules.holdings(user),
        "menu_dasbor": rules.dasbor_instansi_id(user) is not None,
        "menu_tandatangani": rules.signs_letters(user),
    }
