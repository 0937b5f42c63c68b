"""The platform registry: every connector kind with Django-side specifics has one module under
`monitoring/platforms/`, found by dotted path, and each concern is answered by that module."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from socialgov.engine.sources import source_kinds, source_spec
from socialgov.monitoring.models import Connector, Post, PostKind
from socialgov.monitoring.pipeline.retention import internal_kinds
from socialgov.monitoring.platforms import registry
from socialgov.monitoring.platforms.base import Platform
from socialgov.monitoring.platforms.registry import (
    PLATFORMS,
    configurable_kinds,
    metered_kinds,
    platform_for,
)

ROOT = Path(__file__).resolve().parents[3]
FORM_KINDS = ["meta", "x", "linkedin", "youtube", "reddit", "slack", "viva_engage", "chatter"]
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def test_every_registered_path_resolves_to_the_platform_of_its_own_kind() -> None:
    for kind, path in PLATFORMS.items():
        platform = platform_for(kind)
        assert isinstance(platform, Platform)
        assert platform.kind == kind
        assert path == f"socialgov.monitoring.platforms.{path.split('.')[-2]}.PLATFORM"


def test_every_registered_platform_is_a_source_the_engine_knows() -> None:
    for kind in PLATFORMS:
        assert source_spec(kind).kind == kind


def test_every_platform_set_up_with_a_form_is_registered_in_page_order() -> None:
    assert configurable_kinds() == FORM_KINDS


def test_every_internal_source_has_a_platform_module_that_asks_for_its_retention() -> None:
    internal = internal_kinds()
    assert sorted(internal) == ["chatter", "slack", "viva_engage"]
    for kind in internal:
        assert kind in PLATFORMS
        assert "retention_days" in platform_for(kind).config_fields()


def test_every_form_field_is_a_key_the_source_configuration_accepts() -> None:
    for kind in configurable_kinds():
        spec = source_spec(kind)
        for name in platform_for(kind).config_fields():
            assert f'"{name}"' in _source_text(spec.factory), (kind, name)


def _source_text(factory: object) -> str:
    module = sys.modules[getattr(factory, "__module__", "")]
    return Path(str(module.__file__)).read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["mastodon", "bluesky", "rss", "no-such-kind"])
def test_a_kind_without_specifics_gets_the_plain_default(kind: str) -> None:
    platform = platform_for(kind)
    connector = Connector(kind=kind, config={}, cursor={})
    assert type(platform) is Platform and platform.kind == kind
    assert not platform.configurable and not platform.metered
    assert platform.meters(connector, NOW) == [] and platform.facts(connector) == []
    assert platform.push_urls() == []
    assert platform.clean_config({"a": 1}) == {"a": 1}
    assert not platform.can_moderate(Post(kind=PostKind.COMMENT, platform="facebook"))


def test_the_source_kinds_without_a_module_are_only_the_plain_ones() -> None:
    plain = {spec.kind for spec in source_kinds()} - set(PLATFORMS)
    assert plain == {"bluesky", "bluesky_jetstream", "mastodon", "rss"}


def test_only_the_paid_or_limited_platforms_are_metered() -> None:
    assert metered_kinds() == ["x", "youtube", "chatter"]


@pytest.mark.parametrize(
    ("kind", "name", "module"),
    [
        ("meta", "monitoring-meta-webhook", "meta"),
        ("slack", "monitoring-slack-events", "slack"),
        ("webhook", "monitoring-webhook", "webhook"),
    ],
)
def test_each_push_endpoint_is_declared_by_its_platform_module(
    kind: str, name: str, module: str
) -> None:
    urls = platform_for(kind).push_urls()
    assert [url.name for url in urls] == [name]
    view = urls[0].callback
    assert view.__module__ == f"socialgov.monitoring.platforms.{module}"
    assert reverse(name, args=[7]).endswith("/7/" if kind == "webhook" else f"/7/{kind}/")
    assert name in {url.name for url in registry.push_urls()}


def test_only_meta_moderates_and_only_comments_on_facebook_or_instagram() -> None:
    comment = Post(kind=PostKind.COMMENT, platform="instagram")
    assert [kind for kind in PLATFORMS if platform_for(kind).can_moderate(comment)] == ["meta"]
    meta = platform_for("meta")
    assert not meta.can_moderate(Post(kind=PostKind.OWN_POST, platform="facebook"))
    assert not meta.can_moderate(Post(kind=PostKind.COMMENT, platform="threads"))


def test_only_the_file_platform_adds_a_rule_to_the_configuration(tmp_path: Path) -> None:
    config = {"path": str(tmp_path / "posts.jsonl")}
    with pytest.raises(ValidationError):
        platform_for("file").clean_config(config)
    for kind in set(PLATFORMS) - {"file"}:
        assert platform_for(kind).clean_config(dict(config)) == config


def test_the_registry_imports_no_platform_module_until_a_kind_is_asked_for() -> None:
    script = (
        "import sys, django; django.setup();"
        "import socialgov.monitoring.platforms.registry as r;"
        "loaded = [m for m in sys.modules if m.startswith('socialgov.monitoring.platforms.')];"
        "print(sorted(set(p.rsplit('.', 1)[0] for p in r.PLATFORMS.values()) & set(loaded)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_every_platform_with_a_form_has_a_demo_connector_its_source_accepts() -> None:
    for kind in configurable_kinds():
        demo = platform_for(kind).demo_connector(f"http://127.0.0.1:8765/{kind}")
        assert demo is not None, kind
        source_spec(kind).validate_config(demo.config)
        assert set(demo.secrets) <= set(source_spec(kind).secret_names)
    assert platform_for("webhook").demo_connector("http://127.0.0.1:8765/webhook") is None
