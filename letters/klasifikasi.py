"""Loading the Kode Klasifikasi Arsip (Permendagri 83/2022) shipped with the product."""

import csv
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "kode_klasifikasi_arsip.csv"


def read_rows(path: Path = CSV_PATH) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(model, path: Path = CSV_PATH) -> int:
    """Insert the codes missing from ``model``'s table, parents before children.

    ``model`` is passed in so a data migration can use its historical model.
    Returns how many codes were added; running it again adds none.
    """
    rows = read_rows(path)
    known = dict(model.objects.values_list("kode", "pk"))
    added = 0
    by_depth: dict[int, list[tuple[int, dict]]] = {}
    for urutan, row in enumerate(rows, start=1):
        by_depth.setdefault(row["kode"].count("."), []).append((urutan, row))
    for depth in sorted(by_depth):
        new = [
            model(
                kode=row["kode"],
                nama=row["nama"],
                urutan=urutan,
                induk_id=known.get(row["induk"]) if row["induk"] else None,
            )
            for urutan, row in by_depth[depth]
            if row["kode"] not in known
        ]
        model.objects.bulk_create(new, batch_size=500)
        added += len(new)
        known.update(model.objects.filter(kode__in=[m.kode for m in new]).values_list("kode", "pk"))
    return added
