"""The app's URLs plus the floors of the benchmarks.

- ``/_lantai/``: a bare Django view that reads the logged-in user and returns a few bytes;
- ``/_lantai/nomor/`` (POST): the cheapest correct counter, one ``UPDATE … RETURNING`` in
  its own transaction (table ``bench_nomor``, made by the numbering benchmark), what
  giving a number is measured against.
"""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

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


urlpatterns = [path("_lantai/", kosong), path("_lantai/nomor/", nomor), *app_urls]
