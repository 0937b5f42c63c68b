"""Messages stored on rows and composed in the reader's language (core.texts)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.functional import lazystr

from socialgov.core.texts import Message, message_text, register, stored

# Keys the monitoring app registers; their Dutch and French are in its catalogue.
TAKEOVER = "monitoring.alert.takeover"


def test_a_message_reads_in_the_active_language() -> None:
    data = Message(TAKEOVER, {"channel": "Mosa Bank"}).as_json()
    with translation.override("nl"):
        assert message_text(data) == "Vermoedelijke overname van Mosa Bank"
    with translation.override("fr"):
        assert message_text(data) == "Prise de contrôle suspectée de Mosa Bank"
    with translation.override("en"):
        assert message_text(data) == "Suspected takeover of Mosa Bank"


def test_a_nested_message_is_translated_and_plain_content_is_not() -> None:
    title = Message(
        "monitoring.alert.rule",
        {"rule": Message("monitoring.rule.spike"), "where": "Suspected takeover"},
    )
    with translation.override("nl"):
        assert message_text(title.as_json()) == "Piek in vermeldingen — Suspected takeover"


def test_a_list_of_messages_is_joined_in_the_readers_punctuation() -> None:
    data = [
        Message("monitoring.rule.spike").as_json(),
        Message(TAKEOVER, {"channel": "A"}).as_json(),
    ]
    with translation.override("fr"):
        assert message_text(data) == "Pic de mentions ; Prise de contrôle suspectée de A"


@pytest.mark.parametrize(
    "data",
    [
        {"key": "no.such.key", "params": {}},
        {"key": TAKEOVER, "params": {"wrong": "name"}},
        {"key": TAKEOVER, "params": {"channel": {"not": "a message"}}},
        {"key": TAKEOVER, "params": "not a mapping"},
        {},
        "free text",
        [{"key": "no.such.key"}],
    ],
)
def test_a_message_that_cannot_be_composed_falls_back_to_the_stored_text(data: object) -> None:
    assert message_text(data, "Old English title") == "Old English title"


def test_hostile_parameters_are_inserted_as_they_are_and_bounded() -> None:
    hostile = "<img src=x onerror=alert(1)> %(channel)s " + "x" * 1000
    data = Message(TAKEOVER, {"channel": hostile}).as_json()
    text = message_text(data)
    assert text.startswith("Suspected takeover of <img src=x onerror=alert(1)> %(channel)s ")
    assert len(data["params"]["channel"]) == 300


def test_stored_keeps_the_english_text_beside_the_message() -> None:
    with translation.override("nl"):
        text, data = stored(Message(TAKEOVER, {"channel": "Mosa"}))
    assert text == "Suspected takeover of Mosa"
    assert data == {"key": TAKEOVER, "params": {"channel": "Mosa"}}
    assert stored("Typed by a person") == ("Typed by a person", {})


def test_a_key_cannot_be_registered_twice_with_another_text() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register({TAKEOVER: lazystr("Something else")})


def test_content_written_in_several_languages_is_shown_in_the_readers() -> None:
    from socialgov.core.texts import localized_param

    title = localized_param({"en": "Social media policy", "nl": "Socialemediabeleid"})
    data = Message("policies.task.review", {"policy": title}).as_json()
    with translation.override("nl"):
        assert message_text(data) == "Herzie het beleid Socialemediabeleid"
    with translation.override("fr"):
        assert message_text(data).endswith(" Social media policy")
        assert not message_text(data).startswith("Review")
