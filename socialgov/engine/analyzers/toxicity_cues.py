"""Cross-lingual cues for toxicity and hate, from the project's own word lists.

The cues name *what kind* of word a post holds (an identity group, a slur, a threat, a
dehumanising comparison, a counter-speech frame, ...) rather than the word itself, so a model
whose cue weights were learned on English tweets applies them to Dutch or French posts. The
same hits give the spans and categories shown to people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import LexiconHit, lexicon_from_file

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
        if self.counter or self.reported:
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


def toxicity_cues(tokens: list[str], raw_text: str) -> ToxicityCues:
    lexicon = lexicon_from_file(_FILE, _SECTIONS, fuzzy=True, compounds=True)
    hits = lexicon.find(tokens)
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
    cues.quoted = any(q in raw_text for q in _QUOTES)
    cues.second_person = any(t in _SECOND_PERSON for t in tokens)
    return cues
