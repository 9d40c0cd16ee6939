"""Running work in several threads at the same instant (PostgreSQL concurrency tests)."""

import threading

from django.db import connection


def run_together(count: int, work) -> list:
    """Start ``count`` threads at the same instant; return results or raised errors."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
