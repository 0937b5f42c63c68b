"""False alarms people see at once (issue 20): words found inside other words, credentials and
addresses read as insults, ordinary French and Dutch service posts flagged as toxic."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgov.engine.analyzers.builtin.toxicity import calibrate, operating_points
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
        "Could somebody kill the frozen deploy job on the build server?",
        "The launch bombed on day one but sales picked up later.",
        "This quarterly report is killing me, send coffee.",
        "Our colleague Dick Jansen from payroll will call you back.",
        "Wij lopen mee met Kom op tegen Kanker in oktober.",
        "Die planning maakt me gek, maar het komt goed.",
        "De server is dood, ik herstart hem even.",
        "Ce dossier va me tuer, mais on avance.",
        "Je suis crevé, je rentre, à demain !",
        "Votre service est nul depuis la mise à jour, réparez l'application.",
    ],
)
def test_everyday_uses_of_threat_and_insult_words_and_names_are_not_toxic(text):
    assert head(text, "toxicity").kind == "not_toxic"


@pytest.mark.parametrize(
    "text",
    [
        "I will kill you",
        "je vais te tuer",
        "ik maak je dood",
        "you are so dumb",
        "t'es vraiment nul",
        "wat ben jij dom",
    ],
)
def test_threats_and_mild_insults_aimed_at_a_person_are_still_toxic(text):
    assert head(text, "toxicity").kind == "toxic"


@pytest.mark.parametrize(
    "text",
    [
        "Mot de passe du wifi invités : Salope2024",
        "wachtwoord: Kutwijf!88 voor de gedeelde mailbox",
        "the admin password is Idiot#2024",
    ],
)
def test_a_post_sharing_credentials_is_not_an_insult(text):
    assert kinds(findings_for(text, "toxicity")) == ["not_toxic"]


@pytest.mark.parametrize(
    "text",
    [
        "Vous êtes incapables de livrer un colis à temps, c'est honteux",
        "Le service client des Belges est une catastrophe, trois semaines sans réponse",
        "J'en ai marre de vos coupures, c'est inadmissible",
    ],
)
def test_heated_french_complaints_are_not_identity_attacks(text):
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


# The targets, on the self-written measurement posts of `analyzers/data` (never used for
# training or for choosing the operating points, which read `service_tuning.json` instead).
_TOXIC_BOUND = {"en": 0.01, "nl": 0.01, "fr": 0.01}


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


@pytest.mark.parametrize("head_name", ["offensive", "hate"])
def test_every_service_language_has_an_operating_point_that_calibrates_to_one_half(head_name):
    points = operating_points(head_name)
    assert {"default", *SERVICE_LANGUAGES} <= set(points)
    for point in points.values():
        assert calibrate(point, point) == pytest.approx(0.5)


@given(
    a=st.floats(min_value=0, max_value=1),
    b=st.floats(min_value=0, max_value=1),
    point=st.floats(min_value=0.05, max_value=0.95),
)
def test_calibration_keeps_the_order_of_scores_and_stays_in_zero_one(a, b, point):
    low, high = sorted((a, b))
    assert 0 <= calibrate(low, point) <= calibrate(high, point) <= 1


_CUE_WORDS = st.sampled_from(
    [
        "idiot",
        "Dick",
        "Turner",
        "kill",
        "you",
        "je",
        "te",
        "tuer",
        "dood",
        "maak",
        "kanker",
        "Kanker",
        "nul",
        "gek",
        "ww:",
        "password:",
        "@user",
        "https://x.be/idiot",
        '"quoted"',
        "niet",
        "not",
        "pas",
        "connard",
        "KILL",
        "1d10t",
        "f*ck",
        ".",
        ",",
        "!",
        "\n",
    ]
)


@settings(max_examples=150, deadline=None)
@given(words=st.lists(_CUE_WORDS, min_size=1, max_size=12))
def test_posts_made_of_cue_words_never_crash_and_spans_lie_inside_the_text(words):
    text = " ".join(words)
    for finding in findings_for(text, "toxicity"):
        assert 0 <= finding.start <= finding.end <= len(text)
        assert 0.0 <= finding.score <= 1.0
