import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sop_surat.settings")
application = get_wsgi_application()

# What loading makes (modules, models, settings, the URLconf and the views it imports)
# lives as long as the process. Frozen, it is left out of the collector's full passes:
# otherwise one pass every few dozen requests walks all of it, some 15 ms added to one
# page (docs/BENCHMARKS.md, "Catatan").
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
