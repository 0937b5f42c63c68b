"""Cross-lingual cues for toxicity and hate, from the project's own word lists.

The cues name *what kind* of word a post holds (an identity group, a slur, a threat, a
dehumanising comparison, a counter-speech frame, ...) rather than the word itself, so a model
whose cue weights were learned on English tweets applies them to Dutch or French posts. The
same hits give the spans and categories shown to people.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

from .lexicon import LEXICON_DIR, Lexicon, LexiconHit, lexicon_from_file

_FILE = "toxicity.json"
_SECTIONS = (
    "identity",
    "slur",
    "dehumanising",
    "derogatory",
    "hate_emotion",
    "threat",
    "insult",
    "profanity",
    "counter_frame",
    "reporting",
    "negators",
    "positive",
)
_HOSTILE = ("slur", "dehumanising", "derogatory", "hate_emotion", "threat", "insult")
_SECOND_PERSON = frozenset(
    [
        "you",
        "your",
        "you're",
        "youre",
        "u",
        "ur",
        "jij",
        "je",
        "jou",
        "jouw",
        "u",
        "ge",
        "gij",
        "tu",
        "toi",
        "te",
        "ton",
        "ta",
        "tes",
        "vous",
        "du",
        "dich",
        "dir",
        "dein",
        "deine",
        "ihr",
        "euch",
    ]
)
# Words that are threats only when aimed at someone ("kill you", "tuer les migrants") and
# everyday words otherwise: "kill the stuck build", "the demo bombed", "de server is dood",
# "cette deadline va me tuer". Entries as in the lexicon.
_AIMED_THREATS = frozenset(
    [
        "kill",
        "kills",
        "killed",
        "killing",
        "shoot",
        "burn",
        "burned",
        "destroy*",
        "bomb*",
        "execute*",
        "executed",
        "suffer",
        "hanging",
        "slit",
        "dood",
        "doden",
        "sterven",
        "bom",
        "vernietigen",
        "kapotmaken",
        "executeren",
        "tuer",
        "tue",
        "tues",
        "tuez",
        "tuent",
        "abattre",
        "bruler",
        "crever",
        "mourir",
        "detruire",
        "bombe",
        "executer",
        "buter",
        "souffrir",
        "gorge",
    ]
)
# Mild words that insult a person but are ordinary about a thing or oneself: "dumb luck",
# "maakt me gek", "votre service est nul", "fat-free".
_AIMED_INSULTS = frozenset(
    [
        "dumb",
        "fat",
        "ugly",
        "pig",
        "cow",
        "trash",
        "clown",
        "clowns",
        "fool",
        "fools",
        "jerk",
        "sucker",
        "pathetic",
        "incompetent",
        "clueless",
        "freak*",
        "psycho*",
        "lunatic*",
        "dom",
        "domme",
        "stom",
        "stomme",
        "gek",
        "rund",
        "koe",
        "varken",
        "oen",
        "sul",
        "kluns",
        "zielige",
        "waardeloze",
        "pannenkoek",
        "incompetent*",
        "gestoord",
        "gestoorde",
        "nul",
        "nulle",
        "vache",
        "porc",
        "moche",
        "clown",
        "pourri*",
        "naze*",
        "tare",
        "minable*",
    ]
)
# Who a threat or a mild insult can be aimed at: second and third person, not "me" or "it".
_PEOPLE = _SECOND_PERSON | frozenset(
    [
        "him",
        "her",
        "them",
        "they",
        "he",
        "she",
        "yourself",
        "yourselves",
        "people",
        "ppl",
        "everyone",
        "everybody",
        "hem",
        "haar",
        "hen",
        "ze",
        "zij",
        "hij",
        "jullie",
        "iedereen",
        "mensen",
        "toi",
        "vous",
        "lui",
        "leur",
        "eux",
        "il",
        "elle",
        "ils",
        "elles",
        "t'es",
        "t'as",
        "gens",
        "ihn",
        "sie",
        "ihm",
        "euch",
    ]
)
_AIM_WINDOW = 3
# Threats to kill or wound, which are toxic whenever they are aimed at "you", whatever a model
# learned from tweets ("je vais te tuer" holds no other cue).
_KILLING = frozenset(
    [
        "kill",
        "kills",
        "killed",
        "murder*",
        "stab*",
        "strangle*",
        "vermoord*",
        "vermoorden",
        "doodmaken",
        "dood",
        "doden",
        "doodschieten",
        "neerschieten",
        "neersteken",
        "wurgen",
        "tuer",
        "tue",
        "buter",
        "flinguer",
        "egorger",
        "abattre",
        "poignarder",
        "etrangler",
    ]
)
# A capitalised word inside a sentence is a name ("our colleague Dick Turner", "Fanny joins
# the team"), unless the whole post shouts in capitals.
_NAME_RE = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")
_CAPITALISED_RE = re.compile(r"\b[A-Z]")
_WORD_START_RE = re.compile(r"\b\w")
_NAMEABLE = ("insult", "profanity")
_QUOTES = ('"', "“", "”", "«", "»", "„")


@dataclass(slots=True)
class ToxicityCues:
    hits: list[LexiconHit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    hostile_unnegated: int = 0
    negated_positive: int = 0
    counter: bool = False
    quoted: bool = False
    second_person: bool = False
    threatens_you: bool = False

    def has(self, category: str) -> bool:
        return self.counts.get(category, 0) > 0

    @property
    def reported(self) -> bool:
        """The post reports or condemns abuse: a quotation inside a condemning frame, or an
        explicit report ("he called me ...", "noemde me ...", "m'a traité de ..."), or a
        condemning frame around hostility towards a group ("saying you hate gays is
        discrimination") when no one is insulted directly."""
        speaks_for_group = self.counter and self.has("identity") and not self.has("insult")
        return (self.counter and self.quoted) or self.has("reporting") or speaks_for_group

    def hate_rule(self) -> float:
        """A floor for the hate score from the definition of hate speech: hostility aimed at a
        protected group, or a slur, unless the post condemns or quotes it."""
        if not self.counts or self.counter or self.reported:
            return 0.0
        hostile = self.hostile_unnegated > 0 or self.negated_positive > 0
        if self.has("identity") and hostile:
            return 0.8
        if self.has("slur") and self.hostile_unnegated > 0:
            return 0.7
        return 0.0

    def names(self) -> list[str]:
        """Cue names for the linear models (see `features.with_cue_features`)."""
        # A bare identity mention is no cue: naming a group is not hostile, and a model that
        # learned otherwise from tweets would flag "I am a woman".
        if not self.counts:
            return ["tox:none"]  # what the rules below give a post without hits
        names = [f"tox:{c}" for c in _SECTIONS if c != "identity" and self.has(c)]
        identity = self.has("identity")
        hostile = self.hostile_unnegated > 0 or self.negated_positive > 0
        if hostile:
            names.append("tox:hostile")
        if self.hostile_unnegated >= 2:
            names.append("tox:hostile>=2")
        if identity and hostile:
            names.append("tox:identity+hostile")
        if identity and self.has("threat"):
            names.append("tox:identity+threat")
        if identity and self.has("dehumanising"):
            names.append("tox:identity+dehumanising")
        if self.counter and hostile:
            names.append("tox:counter+hostile")
        if self.quoted and hostile:
            names.append("tox:quoted+hostile")
        if self.second_person and (self.has("insult") or self.has("slur")):
            names.append("tox:you+insult")
        if not names:
            names.append("tox:none")
        return names


def _aimed(tokens: list[str], hit: LexiconHit, identity_at: set[int]) -> bool:
    near = range(max(hit.first - _AIM_WINDOW, 0), min(hit.last + _AIM_WINDOW + 1, len(tokens)))
    return any(tokens[i] in _PEOPLE or i in identity_at for i in near)


def _names(raw_text: str) -> frozenset[str]:
    """Lower-case words of the post written as names inside a sentence."""
    words = len(_WORD_START_RE.findall(raw_text))
    if not words or len(_CAPITALISED_RE.findall(raw_text)) * 2 > words:
        return frozenset()
    return frozenset(
        word.lower() for name in _NAME_RE.findall(raw_text) for word in re.split("[ -]", name)
    )


def _everyday(tokens: list[str], raw_text: str, hits: list[LexiconHit]) -> list[LexiconHit]:
    """Drop hits that are everyday words here: an unaimed threat or mild insult, or a name."""
    identity_at = {i for h in hits if h.category == "identity" for i in range(h.first, h.last + 1)}
    names: frozenset[str] | None = None
    kept = []
    for hit in hits:
        needs_aim = (hit.category == "threat" and hit.entry in _AIMED_THREATS) or (
            hit.category == "insult" and hit.entry in _AIMED_INSULTS
        )
        if needs_aim and not _aimed(tokens, hit, identity_at):
            continue
        if hit.category in _NAMEABLE and hit.first == hit.last:
            if names is None:
                names = _names(raw_text)
            if tokens[hit.first] in names:
                continue
        if tokens[hit.first] in everyday_words():
            continue
        kept.append(hit)
    return kept


@cache
def everyday_words() -> frozenset[str]:
    """Real words that fuzzy matching would take for a cue ("kanker" for "kanake")."""
    data = json.loads((LEXICON_DIR / _FILE).read_text(encoding="utf-8"))
    section = data["everyday"]
    return frozenset(w for k, words in section.items() if k != "_about" for w in words)


def toxicity_lexicon() -> Lexicon:
    return lexicon_from_file(_FILE, _SECTIONS, fuzzy=True, compounds=True)


def toxicity_cues(
    tokens: list[str], raw_text: str, hits: list[LexiconHit] | None = None
) -> ToxicityCues:
    """`hits`: the toxicity lexicon's hits in `tokens`, when they were already looked up."""
    if hits is None:
        hits = toxicity_lexicon().find(tokens)
    if hits:
        hits = _everyday(tokens, raw_text, hits)
    cues = ToxicityCues(hits=hits)
    negator_at = {h.first for h in hits if h.category == "negators"}
    for hit in hits:
        cues.counts[hit.category] = cues.counts.get(hit.category, 0) + 1
        near = range(max(hit.first - 3, 0), hit.last + 4)
        negated = any(i in negator_at for i in near if i < hit.first or i > hit.last)
        if hit.category in _HOSTILE and not negated:
            cues.hostile_unnegated += 1
        if hit.category == "positive" and negated:
            cues.negated_positive += 1
    cues.counter = cues.has("counter_frame")
    cues.quoted = '"' in raw_text or (
        not raw_text.isascii() and any(q in raw_text for q in _QUOTES)
    )
    cues.second_person = not _SECOND_PERSON.isdisjoint(tokens)
    cues.threatens_you = (
        bool(hits)
        and not cues.reported
        and any(
            h.category == "threat" and h.entry in _KILLING and _aims_at_you(tokens, h, negator_at)
            for h in hits
        )
    )
    return cues


def _aims_at_you(tokens: list[str], hit: LexiconHit, negator_at: set[int]) -> bool:
    near = range(max(hit.first - _AIM_WINDOW, 0), min(hit.last + _AIM_WINDOW + 1, len(tokens)))
    return any(tokens[i] in _SECOND_PERSON for i in near) and not any(i in negator_at for i in near)
