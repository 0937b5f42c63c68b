import pytest

from .analysis_helpers import covered, findings_for, kinds


def secrets(text: str) -> list:
    return findings_for(text, "secrets")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("token ghp_" + "a1B2" * 9 + " leaked", "GITHUB_TOKEN", "ghp_" + "a1B2" * 9),
        ("AKIA" + "ABCDEFGHIJKLMNOP" + " is the key", "AWS_ACCESS_KEY", "AKIAABCDEFGHIJKLMNOP"),
        ("use xoxb-123456789012-abcdefghij now", "SLACK_TOKEN", "xoxb-123456789012-abcdefghij"),
        ("key AIza" + "x" * 35 + " here", "GOOGLE_API_KEY", "AIza" + "x" * 35),
        (
            "stripe sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc" + " ok",
            "STRIPE_KEY",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        ),
    ],
)
def test_it_finds_provider_tokens_and_spans_their_value(text, kind, value):
    found = [f for f in secrets(text) if f.kind == kind]
    assert [covered(text, f) for f in found] == [value]


def test_it_finds_a_private_key_block():
    text = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"
    assert kinds(secrets(text)) == ["PRIVATE_KEY"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("De wifi: ww: Zomer2024! voor iedereen", "Zomer2024!"),
        ("le mot de passe : Bonjour#123", "Bonjour#123"),
        ("password: hunter22", "hunter22"),
        ("Het wachtwoord is Tulp!9876.", "Tulp!9876"),
        ("Passwort=Geheim_42", "Geheim_42"),
    ],
)
def test_it_finds_passwords_written_in_en_nl_fr_de(text, value):
    found = [f for f in secrets(text) if f.kind == "PASSWORD"]
    assert [covered(text, f) for f in found] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "I forgot my password again",
        "password: reset",
        "Wachtwoord vergeten?",
        "mot de passe oublié",
    ],
)
def test_talking_about_passwords_is_not_a_secret(text):
    assert secrets(text) == []


def test_the_reason_never_contains_the_secret():
    text = "password: S3cretValue!"
    [found] = secrets(text)
    assert "S3cretValue" not in found.reason


def test_every_provider_pattern_has_a_prefilter():
    from socialgov.engine.analyzers.builtin.secrets import NEEDLES, PROVIDER_PATTERNS

    assert set(NEEDLES) == {kind for kind, *_ in PROVIDER_PATTERNS}
