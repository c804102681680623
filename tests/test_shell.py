"""The application shell: health check, security headers, Content-Security-Policy, and the
OpenAPI document of /api/v1/, checked against the rules every endpoint follows."""

import re

import pytest
from django.db import DatabaseError
from django.test import Client

import wahana.config.views as shell_views

ALLOWED_SOURCES = {"'self'", "'none'", "data:"}
PAGES_FOR_OPERATOR = [
    "/",
    "/wilayah/",
    "/wilayah/62.10/?q=riu",
    "/akun/pengguna/",
    "/akun/pengguna/baru/",
]


@pytest.fixture
def operator_client(client, personas):
    client.force_login(personas.operator)
    return client


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("server closed the connection")

    monkeypatch.setattr(shell_views, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": False}


def csp_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/akun/masuk/", "/api/v1/docs"])
def test_csp_allows_nothing_from_outside_on_public_pages(client, path):
    check_csp(client.get(path))


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES_FOR_OPERATOR)
def test_csp_and_no_inline_code_on_signed_in_pages(operator_client, path):
    response = operator_client.get(path)
    assert response.status_code == 200
    check_csp(response)
    html = response.content.decode()
    # What the policy forbids must not be in the page either (it would silently break).
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "asset or link to another host"


def check_csp(response):
    directives = csp_of(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    for name, sources in directives.items():
        unexpected = set(sources) - ALLOWED_SOURCES
        assert not unexpected, f"{name} allows {unexpected}"


@pytest.mark.django_db
def test_security_headers_and_cookies(client, personas):
    page = client.get("/akun/masuk/")
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    csrf = page.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"

    signed_in = client.post(
        "/akun/masuk/", {"username": "operator.gumas", "password": "sandi-uji-Wahana-2026"}
    )
    session = signed_in.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    assert int(session["max-age"]) <= 12 * 3600


@pytest.mark.django_db
def test_api_docs_load_no_asset_from_the_internet(client):
    html = client.get("/api/v1/docs").content.decode()
    for url in re.findall(r"(?:src|href)=\"([^\"]+)\"", html):
        assert not re.match(r"(https?:)?//", url), url


# --- OpenAPI ----------------------------------------------------------------------------------

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def resolve(schema, node):
    if isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"external $ref {ref}"
        target = schema
        for part in ref[2:].split("/"):
            assert part in target, f"dangling $ref {ref}"
            target = target[part]
        return target
    return node


def parameters(schema, operation, where: str) -> set[str]:
    resolved = (resolve(schema, p) for p in operation.get("parameters", []))
    return {p["name"] for p in resolved if p["in"] == where}


def all_refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from all_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from all_refs(value)


def test_openapi_document_is_well_formed(schema):
    assert re.fullmatch(r"3\.[01]\.\d+", schema["openapi"])
    assert schema["info"]["title"] == "Wahana API"
    assert schema["info"]["version"]
    assert schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    for ref in all_refs(schema):
        resolve(schema, {"$ref": ref})


def test_every_operation_is_described_and_answers(schema):
    seen_ids = set()
    problems = []
    for path, method, operation in operations(schema):
        where = f"{method.upper()} {path}"
        assert path.startswith("/api/v1/"), where
        if not operation.get("summary"):
            problems.append(f"{where}: no summary")
        operation_id = operation.get("operationId")
        if not operation_id or operation_id in seen_ids:
            problems.append(f"{where}: missing or duplicate operationId {operation_id}")
        seen_ids.add(operation_id)
        responses = operation.get("responses") or {}
        if not responses or not all(re.fullmatch(r"[1-5]\d\d|default", c) for c in responses):
            problems.append(f"{where}: responses {sorted(responses)}")
        for code, response in responses.items():
            if not resolve(schema, response).get("description"):
                problems.append(f"{where}: response {code} without description")
        declared = parameters(schema, operation, "path")
        in_template = set(re.findall(r"{(\w+)}", path))
        if declared != in_template:
            problems.append(f"{where}: path parameters {declared} != {in_template}")
    assert not problems, "\n".join(problems)


def test_every_list_endpoint_pages_with_limit_and_offset(schema):
    lists = []
    problems = []
    for path, method, operation in operations(schema):
        ok = operation.get("responses", {}).get("200", {})
        body = resolve(schema, ok).get("content", {}).get("application/json", {})
        answer = resolve(schema, body.get("schema", {}))
        if answer.get("type") == "object" and {"items", "count"} <= set(
            answer.get("properties", {})
        ):
            lists.append(path)
            query = parameters(schema, operation, "query")
            if not {"limit", "offset"} <= query:
                problems.append(f"{method.upper()} {path}: query {sorted(query)}")
    assert "/api/v1/wilayah" in lists
    assert not problems, "\n".join(problems)


def test_foundation_endpoints_are_documented(schema):
    paths = schema["paths"]
    assert "post" in paths["/api/v1/auth/token"]
    assert not paths["/api/v1/auth/token"]["post"].get("security")  # open to anonymous callers
    me = resolve(schema, paths["/api/v1/me"]["get"]["responses"]["200"])
    me_schema = resolve(schema, me["content"]["application/json"]["schema"])
    assert {"peran", "kode_wilayah"} <= set(me_schema["properties"])
    assert "/api/v1/wilayah/{kode}" in paths
