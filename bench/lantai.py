"""Settings for gunicorn in the benchmarks: the app's own, with the floors' URLs added.

The floors (``lantai_urls.py``) are what a page is compared with, served by the same
gunicorn through the same middleware (sessions, authentication, CSRF, CSP, axes).
"""

from sop_surat.settings import *  # noqa: F403

ROOT_URLCONF = "lantai_urls"
