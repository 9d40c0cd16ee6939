"""Settings for the test suite (pyproject.toml: DJANGO_SETTINGS_MODULE for pytest).

Tests are no longer recognised by peeking at ``sys.modules``: this module says so
explicitly, with a fixed key, and then loads the one settings module.
"""

import os

os.environ["SOP_SURAT_TES"] = "1"
os.environ["DJANGO_SECRET_KEY"] = "tes-sop-surat-kunci-tetap-hanya-untuk-pengujian-otomatis-0123"

from sop_surat.settings import *  # noqa: F403
