"""Hand-written cases for the learned analyzers in English, Dutch and French.

These check behaviour a person would agree with on clear cases; the evaluation command measures
accuracy on real data.
"""

import pytest

from .analysis_helpers import findings_for, head, kinds


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ik heb gisteren een pakje besteld maar het is nog steeds niet geleverd", "nl"),
        ("Je suis vraiment déçu par le service client, personne ne répond", "fr"),
        ("My parcel still has not arrived and nobody answers the phone", "en"),
        ("Das Paket ist immer noch nicht angekommen", "de"),
        ("El paquete todavía no ha llegado", "es"),
        ("Il pacco non è ancora arrivato", "it"),
        ("A encomenda ainda não chegou", "pt"),
    ],
)
def test_it_identifies_the_language_of_a_post(text, lang):
    found = head(text, "language")
    assert found.kind == lang
    assert 0.0 < found.score <= 1.0


def test_a_post_without_words_has_no_language():
    assert head("👍👍 123 !!!", "language").kind == "und"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I love this, thank you so much for the quick help!", "positive"),
        ("Worst service ever, I am so disappointed and angry", "negative"),
        ("Super bedankt voor de snelle hulp, echt top!", "positive"),
        ("Wat een slechte service, ik ben echt teleurgesteld", "negative"),
        ("Merci beaucoup, c'est génial, je suis ravie !", "positive"),
        ("Service nul, je suis très déçu, c'est une honte", "negative"),
    ],
)
def test_it_reads_clear_sentiment_in_three_languages(text, label):
    assert head(text, "sentiment").kind == label


def test_negation_turns_a_dutch_positive_word_around():
    assert head("Ik ben helemaal niet tevreden", "sentiment").kind != "positive"


@pytest.mark.parametrize(
    "text",
    [
        "@AcmeAir my flight was cancelled and I am still waiting for a refund after 3 weeks",
        "@bpost mijn pakket is nog steeds niet geleverd, al 2 weken wachten. Waardeloos.",
        "@SNCB train encore en retard, toujours aucune réponse du service client",
        "@proximus al uren geen verbinding, kan niet inloggen en niemand neemt op",
        "@Orange coupure internet depuis des jours, personne ne répond au service client",
        "@DPD the courier never came and the tracking says delivered. Fraud.",
    ],
)
def test_it_recognises_complaints_written_plainly(text):
    found = head(text, "complaint")
    assert found.kind == "complaint"
    assert found.score >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "@AcmeAir thanks for the smooth flight, great crew!",
        "Mooie dag in Gent vandaag",
        "Merci pour votre aide rapide, parfait",
        "@telenet the new router works great, thanks for the quick installation",
        "@bol bedankt, pakket netjes op tijd geleverd!",
    ],
)
def test_praise_and_small_talk_are_not_complaints(text):
    assert head(text, "complaint").kind == "no_complaint"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("you are a f*cking 1d10t", "insult"),
        ("Jij bent een vuile kl00tzak", "insult"),
        ("T'es qu'un connard", "insult"),
        ("I will kill you", "threat"),
    ],
)
def test_it_flags_insults_and_threats_even_when_obfuscated(text, category):
    found = findings_for(text, "toxicity")
    assert found[0].kind == "toxic"
    assert category in kinds(found[1:])


@pytest.mark.parametrize(
    "text",
    [
        "Moslims zijn ongedierte en moeten weg",
        "Les immigrés sont des parasites",
        "Refugees are vermin",
    ],
)
def test_dehumanising_a_group_is_an_identity_attack(text):
    found = findings_for(text, "toxicity")
    assert "identity_attack" in kinds(found)


@pytest.mark.parametrize(
    "text",
    [
        "Ik ben een vrouw",
        "Je suis musulman",
        "I love my gay friends",
        "Vluchtelingen zijn welkom hier",
    ],
)
def test_naming_a_group_is_not_an_attack(text):
    assert head(text, "toxicity").kind == "not_toxic"


def test_a_quoted_insult_that_is_being_reported_is_not_an_attack():
    reported = head('He called me a "stupid cow" in the comments, I reported it', "toxicity")
    direct = head("You stupid cow", "toxicity")
    assert direct.kind == "toxic"
    assert reported.kind == "not_toxic"
    assert reported.score < direct.score


def test_toxic_words_are_located_in_the_original_text():
    text = "Wat een IDIOOT ben jij"
    found = [f for f in findings_for(text, "toxicity")[1:] if f.kind == "insult"]
    assert [text[f.start : f.end] for f in found] == ["IDIOOT"]


@pytest.mark.parametrize(
    "text",
    [
        "Ik haat vrouwen.",
        "Alle moslims moeten dood.",
        "Vluchtelingen zijn uitschot.",
        "Je déteste les femmes.",
        "Il faut tuer tous les juifs.",
        "Les musulmans sont une plaie pour ce pays.",
    ],
)
def test_hate_against_a_group_is_found_in_dutch_and_french(text):
    assert "identity_attack" in kinds(findings_for(text, "toxicity"))


@pytest.mark.parametrize(
    "text",
    [
        "Ik haat vrouwen niet.",
        'Als je zegt "ik haat homo\'s" dan discrimineer je.',
        "Ik haat mijn baas.",
        "Je ne déteste pas les femmes.",
        "Dire que tu détestes les gays, c'est de la discrimination.",
        "Je déteste les brocolis.",
    ],
)
def test_negated_hate_counter_speech_and_dislike_of_things_are_not_identity_attacks(text):
    assert "identity_attack" not in kinds(findings_for(text, "toxicity"))
