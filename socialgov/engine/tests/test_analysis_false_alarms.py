"""False alarms people see at once (issue 20): words found inside other words, credentials and
addresses read as insults, ordinary French and Dutch service posts flagged as toxic."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgov.engine.analyzers.data import SERVICE_LANGUAGES, service_posts
from socialgov.engine.analyzers.lexicon import Lexicon, stem_takes
from socialgov.engine.analyzers.registry import analyze_batch, build
from socialgov.engine.types import Post

from .analysis_helpers import findings_for, head, kinds

_LEXICON = Lexicon(
    [("merde*", "profanity"), ("dick*", "profanity"), ("cock*", "profanity"), ("beau*", "nice")],
    fuzzy=True,
    compounds=True,
)


@pytest.mark.parametrize("token", ["medewerker", "dickens", "cockpit", "beaucoup", "mede"])
def test_a_lexicon_entry_never_matches_inside_another_word(token):
    assert _LEXICON.find([token]) == []


@pytest.mark.parametrize("token", ["merde", "merdes", "dicks", "cocks", "beaux"])
def test_a_lexicon_stem_still_matches_its_inflected_forms(token):
    assert [hit.first for hit in _LEXICON.find([token])] == [0]


@pytest.mark.parametrize(
    "text",
    [
        "Onze medewerker helpt u graag",
        "Onze medewerkers zijn bereikbaar van maandag tot vrijdag",
        "Our consultant will read Dickens with you",
        "Notre conseiller vous répond du lundi au vendredi",
        "Le service client est fermé ce samedi",
        "Nous sommes désolés pour le retard et nous nous en occupons.",
        "Il y a beaucoup d'attente au guichet ce matin",
        "Votre facture de mars est disponible dans votre espace client.",
    ],
)
def test_ordinary_service_posts_are_not_toxic(text):
    assert head(text, "toxicity").kind == "not_toxic"


@pytest.mark.parametrize(
    "text",
    [
        "ww: Zomer2024!",
        "login: jan.peeters wachtwoord: Kl00tzak99",
        "mdp : Sal0pe!2024 pour le compte admin",
        "password is B1tch3s2020 don't share",
        "Mail me at idiot.klootzak@example.com",
        "see https://example.com/fuck-this-shit-idiot for details",
    ],
)
def test_credentials_addresses_and_links_do_not_make_a_post_toxic(text):
    assert head(text, "toxicity").kind == "not_toxic"


@pytest.mark.parametrize(
    "text",
    [
        "Je suis vraiment déçu par le service client, personne ne répond",
        "Trois semaines sans livraison et aucune réponse, je suis furieux",
        "Mon colis est arrivé abîmé et personne ne me rembourse",
    ],
)
def test_french_complaints_are_not_identity_attacks(text):
    assert "identity_attack" not in kinds(findings_for(text, "toxicity"))


@pytest.mark.parametrize(
    "text",
    [
        "you are an idiot",
        "you are a retard",
        "jij bent een klootzak",
        "t'es vraiment un connard",
        "f*cking idiots",
    ],
)
def test_insults_are_still_toxic_after_whole_word_matching(text):
    assert head(text, "toxicity").kind == "toxic"


def test_a_toxic_span_covers_a_whole_word_of_the_text():
    text = "Onze medewerker zegt: merde, wat een idioot"
    spans = [f for f in findings_for(text, "toxicity") if f.kind == "profanity"]
    assert [text[f.start : f.end] for f in spans] == ["merde"]


def test_a_free_phone_hotline_is_not_personal_data_but_a_mobile_number_is():
    hotline = findings_for("Onze hulplijn: 0800 12 345", "personal_data")
    mobile = findings_for("Bel me op 0470 12 34 56", "personal_data")
    assert hotline == []
    assert kinds(mobile) == ["PHONE_NUMBER"]


# Measured rates on the self-written posts of `analyzers/data` (never used for training or
# tuning). The target is 1% toxic; English (the n-gram model on a few bodies) and Dutch
# ("de wandeling tegen kanker") are above it today, so these bounds guard against regressions
# at the measured level rather than claim the target.
_TOXIC_BOUND = {"en": 0.04, "nl": 0.025, "fr": 0.01}


@pytest.mark.parametrize("language", SERVICE_LANGUAGES)
def test_self_written_service_posts_raise_few_toxic_or_personal_data_findings(language):
    posts = [Post(str(i), text) for i, text in enumerate(service_posts(language))]
    results = analyze_batch(build(["toxicity", "personal_data"], None), posts)
    toxic = sum(any(f.kind == "toxic" for f in found) for found in results)
    pii = sum(any(f.analyzer == "personal_data" for f in found) for found in results)
    assert len(posts) == 1000
    assert toxic / len(posts) <= _TOXIC_BOUND[language]
    assert pii / len(posts) <= 0.005


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=6)


@given(entry=_word, before=_word, after=_word)
def test_a_short_stem_is_never_found_inside_a_longer_word(entry, before, after):
    lexicon = Lexicon([(entry + "*", "x"), (entry, "y")])
    inside = before + entry + after
    hits = lexicon.find([inside])
    assert hits == [] or (inside.startswith(entry) and stem_takes(entry, inside[len(entry) :]))
