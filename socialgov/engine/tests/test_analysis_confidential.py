import pytest

from socialgov.engine.analyzers.registry import ConfigurationError, build

from .analysis_helpers import covered, findings_for, kinds


@pytest.mark.parametrize(
    "text",
    [
        "CONFIDENTIAL - do not forward",
        "Strikt vertrouwelijk: cijfers Q3",
        "Deze nota is vertrouwelijke informatie",
        "Document à usage interne uniquement",
        "Rapport confidentiel, version 2",
        "Alleen voor intern gebruik",
        "Streng vertraulich!",
    ],
)
def test_it_finds_classification_labels_in_several_languages(text):
    assert "CLASSIFICATION_LABEL" in kinds(findings_for(text, "confidential"))


def test_labels_match_whatever_the_accents_and_hidden_characters():
    text = "CONFIDENTIE\u200bL: stratégie"
    [found] = findings_for(text, "confidential")
    assert covered(text, found) == "CONFIDENTIE\u200bL"


def test_ordinary_text_has_no_marker():
    assert findings_for("We are confident about the launch", "confidential") == []


@pytest.mark.parametrize(
    "text",
    [
        "Kick-off Project Falcon tomorrow",
        "#ProjectFalcon is late",
        "project-falcon roadmap",
        "de Project Falcons",
        "PRÒJECT FALCÓN",
    ],
)
def test_watch_listed_names_match_robustly(text):
    found = findings_for(text, "confidential", watch_list=["Project Falcon"])
    assert "WATCH_LIST" in kinds(found)


def test_a_watch_listed_name_inside_another_word_does_not_match():
    assert findings_for("the falconry club", "confidential", watch_list=["Falcon"]) == []


def test_a_watch_list_given_as_one_string_is_refused():
    with pytest.raises(ConfigurationError, match="list"):
        build(["confidential"], {"confidential": {"watch_list": "Falcon"}})


def test_a_watch_list_term_without_letters_is_refused():
    with pytest.raises(ConfigurationError, match="no letters"):
        build(["confidential"], {"confidential": {"watch_list": ["---"]}})
