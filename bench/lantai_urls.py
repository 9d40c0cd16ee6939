"""The app's URLs plus the floors of the benchmarks.

- ``/_lantai/``: a bare Django view that reads the logged-in user and returns a few bytes;
- ``/_lantai/nomor/`` (POST): the cheapest correct counter, one ``UPDATE … RETURNING`` in
  its own transaction (table ``bench_nomor``, made by the numbering benchmark), what
  giving a number is measured against;
- ``/_lantai/nomor/<public_id>/`` (POST): the core of Beri Nomor alone, what no number in
  the record can do without: the letter locked, the user's right to give it checked, the
  transition, its hash-chained history line, the letter saved, the counter and the Agenda
  line. Without the action page's access check, form, step duration and notifications:
  how near the floor giving a number could come at best.
"""

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from approvals import actions, rules
from letters import numbering
from sop_surat.urls import handler403, handler404  # noqa: F401
from sop_surat.urls import urlpatterns as app_urls


def kosong(request):
    return HttpResponse(f"ok {request.user.is_authenticated}", content_type="text/plain")


@csrf_exempt
def nomor(request):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE bench_nomor SET terakhir = terakhir + 1 WHERE id = 1 RETURNING terakhir"
        )
        return JsonResponse({"nomor": cursor.fetchone()[0]})


@csrf_exempt
def nomor_inti(request, public_id):
    with transaction.atomic():
        letter = actions.terkunci().get(public_id=public_id)  # as an action locks it
        sebagai = rules.capacity(request.user, "assign_number", letter)
        if sebagai is None:
            return HttpResponse(status=403)
        dari = letter.status
        letter.assign_number()
        actions._event(
            letter,
            "assign_number",
            by=request.user,
            sebagai=sebagai,
            dari=dari,
            simpan_sejak=False,
        )
        letter.save()
        entry = numbering.give_number(letter, by=request.user)
    return JsonResponse({"nomor": entry.nomor_urut})


urlpatterns = [
    path("_lantai/", kosong),
    path("_lantai/nomor/", nomor),
    path("_lantai/nomor/<uuid:public_id>/", nomor_inti),
    *app_urls,
]
