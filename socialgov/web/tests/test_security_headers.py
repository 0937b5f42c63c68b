"""Every page carries a Content-Security-Policy with nothing inline, and a Permissions-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from socialgov.risks.swatches import swatch_class, swatch_stylesheet

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _paths_without_arguments(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            yield from _paths_without_arguments(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def _assert_strict_policy(response, path):
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, _, value = part.partition(" ")
        directives[name] = value
    assert "'unsafe-inline'" not in policy, path
    assert "'unsafe-eval'" not in policy, path
    assert directives.get("script-src", "").startswith("'self'"), (path, policy)
    assert directives.get("style-src", "").startswith("'self'"), (path, policy)
    assert directives.get("object-src") == "'none'", (path, policy)
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), path


def test_every_page_without_arguments_has_a_csp_without_unsafe_inline(client, admin_user):
    paths = sorted(set(_paths_without_arguments()))
    assert len(paths) > 40
    client.force_login(admin_user)
    for path in paths:
        response = client.get(path)
        _assert_strict_policy(response, path)


def test_anonymous_pages_and_errors_have_the_policy_too(client):
    for path in ("/accounts/login/", "/healthz", "/api/v1/", "/no-such-page/", "/api/schema/"):
        _assert_strict_policy(client.get(path), path)


def test_the_api_docs_load_their_scripts_from_files_or_with_the_nonce(client, admin_user):
    client.force_login(admin_user)
    for path in ("/api/docs/", "/api/redoc/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        html = response.content.decode()
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
        scripts = re.findall(r"<script[^>]*>", html)
        assert scripts, path  # the page loads its viewer, so the loop below checks something
        for script in scripts:
            assert "src=" in script, (path, script)
        assert "<style" not in html, path
        if "nonce=" in html:
            assert nonce and f'nonce="{nonce.group(1)}"' in html


INLINE = re.compile(
    r"""\sstyle\s*=|<style[\s>]|\son[a-z]+\s*=\s*["']|javascript:|<script(?![^>]*\ssrc=)(?![^>]*type="application/json")""",
    re.IGNORECASE,
)


def test_no_template_has_an_inline_script_style_or_event_handler():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.glob("socialgov/*/templates/**/*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE.search(line)
    ]
    assert offenders == []


def test_a_level_colour_becomes_a_class_of_the_level_stylesheet(client):
    assert swatch_class("#2E7D32") == "swatch-2e7d32"
    assert swatch_class("red; background: url(x)") == "swatch-999999"
    css = swatch_stylesheet(["#2e7d32", "expression(alert(1))"])
    assert ".swatch-2e7d32 { background: #2e7d32; }" in css
    assert "expression" not in css
    response = client.get("/risks/levels.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert ".swatch-999999" in response.content.decode()
