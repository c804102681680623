"""Schemathesis against the whole OpenAPI document of /api/v1, in process, on the real app.

Every operation is fuzzed as the kabupaten operator with a bearer token, over the records the
permission matrices build (so lists answer items and their schema is checked, not only empty
pages). Each answer must be no server error (5xx) and must conform to the response schema the
document declares for its status.

The records are built once per module inside a transaction rolled back at its end; each
operation's test runs in a savepoint of it, so one operation's writes never reach the next.
The examples per operation are bounded to keep the whole run within a couple of minutes.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test.utils import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from wahana.akun.services import token_issue
from wahana.akun.tests.test_permission_matrix import build_world
from wahana.config.api import api
from wahana.conftest import make_personas

EXAMPLES = 10
CHECKS = [not_a_server_error, response_schema_conformance]
# Rate limits would answer 429 after a few dozen examples; they have tests of their own.
NO_LIMITS = dict.fromkeys(("token", "cari", "ekspor", "sandi"), "1000000/m")

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def operator_token(django_db_setup, django_db_blocker):
    """A bearer token of the kabupaten operator, over every app's matrix records."""
    # Like Django's test client: the test's transaction holds the connection, so the request
    # signals must not close it between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), override_settings(WAHANA_RATE_LIMITS=NO_LIMITS):
            try:
                with transaction.atomic():
                    world = build_world(make_personas())
                    yield token_issue(user=world.personas.operator)
                    raise _Rollback
            except _Rollback:
                pass
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_operation_answers_without_server_error_and_by_its_schema(case, operator_token):
    headers = {
        "Authorization": f"Bearer {operator_token}",
        # The in-process WSGI client asks for gzip and does not unpack it; the site's GZip
        # middleware would answer bytes the schema checks cannot read.
        "Accept-Encoding": "identity",
    }
    case.call_and_validate(headers=headers, checks=CHECKS)
