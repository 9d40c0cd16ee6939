"""Django's ``flush``, able to empty a SQLite database that has the record triggers.

On SQLite, flush is ``DELETE FROM`` every table, which the triggers of letters.triggers
refuse (on PostgreSQL it is TRUNCATE, which row triggers do not see). Here, on SQLite,
the triggers are lifted for the flush and put back from the database's own definitions,
all in one transaction: if the flush fails, the triggers were never gone. Transactional
tests (``django_db(transaction=True)``) empty the database with this command after each
test, so the triggers stay in force against plain SQL everywhere else.

Answering the interactive confirmation happens inside that transaction (SQLite's write
lock is held meanwhile); use ``--noinput`` on a database others are writing to.
"""

from django.core.management.commands import flush
from django.db import connections

from letters import triggers


class Command(flush.Command):
    def handle(self, **options):
        if connections[options["database"]].vendor != "sqlite":
            return super().handle(**options)
        with triggers.suspended(options["database"]):
            return super().handle(**options)
