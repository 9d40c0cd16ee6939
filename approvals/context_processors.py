import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from approvals import notifications, rules

# The header's links (partials/nav.html), by the name the template uses.
MENU = {
    "kotak_masuk": "approvals:kotak_masuk",
    "surat_saya": "approvals:surat_saya",
    "buat": "letters:buat",
    "agenda": "letters:agenda",
    "dasbor": "approvals:dasbor",
    "tandatangani": "approvals:tandatangani_banyak",
    "notifikasi": "approvals:notifikasi",
    "verifikasi": "verifikasi:periksa",
    "admin": "admin:index",
}


@functools.cache
def _alamat_menu(prefix: str, urlconf: str) -> dict[str, str]:
    """The addresses of :data:`MENU`, reversed once per script prefix and URLconf (what
    ``reverse`` reads): every page draws the menu twice (wide and phone), and reversing
    its links cost more than drawing it."""
    return {nama: reverse(url, urlconf) for nama, url in MENU.items()}


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
        return notifications.jumlah_belum_dibaca(user)

    return {
        "jumlah_kotak_masuk": jumlah_kotak_masuk,
        "jumlah_notifikasi": jumlah_notifikasi,
        "menu": _alamat_menu(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF)),
        "jabatan_saya": rules.holdings(user),
        "menu_dasbor": rules.dasbor_instansi_id(user) is not None,
        "menu_tandatangani": rules.signs_letters(user),
    }
