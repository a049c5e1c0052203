"""The HTTP layer: the FastAPI app (``main.create_app``), its dependencies (``deps``: the
connection, the request transaction, filters), who is calling (``auth``), the error table
(``errors``) and the routers (``routes``). Thin: it validates, calls ``izagis`` and shapes the
answer. It may import ``izagis`` and ``web`` (the pages); nothing imports it but the app's
import string (``api.main:create_app``) and the tests.
"""
