"""The app nodes of tests/test_dua_node.py: the production settings (DEBUG off, everything
else from the environment), except that static files are named as they are instead of
collected, compressed and hashed first. ``collectstatic`` takes some twenty seconds, and
static files are each node's own build product, not state the nodes share."""

from sop_surat.settings import *  # noqa: F403
from sop_surat.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
