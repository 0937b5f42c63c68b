"""The findings of a fixed set of en/nl/fr posts, recorded from main before the speed work.

`test_analysis_golden.py` checks that the default analyzers still give exactly these findings
(and the same `socialgov analyze` output lines), so a faster path cannot change a result
unnoticed. When a change is *meant* to change results (a retrained model, a new word list),
record the fixture again and review its diff:

    .venv/bin/python -m socialgov.engine.tests.golden_findings
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from socialgov.engine.analyzers.data import service_posts
from socialgov.engine.analyzers.registry import analyze_batch, build
from socialgov.engine.analyzers.runner import analyze_stream
from socialgov.engine.types import Finding, Post

FIXTURE = Path(__file__).parent / "fixtures" / "analysis_golden.json"

WRITTEN = [
    # English
    "@united my flight was delayed 5 hours and nobody helps, worst service ever!!!",
    "Thanks so much @AcmeSupport, the new app is great :)",
    "you are an idiot and I hate you",
    "I will kill you, you stupid bitch",
    "Kill the stuck build, the demo bombed again lol",
    "our colleague Dick Turner joins the team on Monday",
    "He called me a 'retard' in front of everyone, that is not ok",
    "All immigrants are rats and should be deported",
    "Mail me at anna.smith@example.com or call +32 470 12 34 56",
    "My IBAN is BE71 0961 2345 6769, card 4111 1111 1111 1111",
    "password: Hunter2!xyz please don't share",
    "AWS key AKIAIOSFODNN7EXAMPLE and token ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "CONFIDENTIAL - internal only: Q3 numbers attached",
    "soooo goooood, I LOVE IT!!! 😍😍 #not",
    "F u c k this f*cking company",
    "Visit https://example.com/deals or www.shop.be/promo today",
    "dieseNutte hat #BlackLivesMatter nicht verstanden",
    "Is the office open on Sunday? Asking for a friend 🤔",
    # Dutch
    "@bpost mijn pakket is nog steeds niet geleverd, waardeloos!!!",
    "Onze medewerker helpt u graag",
    "Wat een geweldige service, dank jullie wel!",
    "jij bent echt een kankerlijer, ik maak je dood",
    "Strikt vertrouwelijk: #ProjectFalcon",
    "Mijn wachtwoord is Kl00tzak99, niet doorsturen",
    "Bel me op 0470 12 34 56 of mail jan@voorbeeld.be",
    "Ik wacht al drie weken op mijn terugbetaling, schandalig",
    "alle moslims zijn ratten",
    # French
    "Merci pour votre aide, le service client est top 😀",
    "Votre service est nul, j'attends depuis 2 semaines !!!",
    "je vais te tuer sale connard",
    "Cette deadline va me tuer",
    "mdp : Sal0pe!2024",
    "Document confidentiel, ne pas diffuser",
    "Il m'a traité de « sale arabe », c'est du racisme",
    "Le colis n'est jamais arrivé, remboursez-moi",
    "Numéro de sécurité sociale 1 85 05 78 006 084 36",
    # Odd input
    "",
    "   ",
    "🤬🤬🤬",
    "ｆｕｃｋ ｙｏｕ",
    "\u200bidi\u200bot",
    "ѕtupid іdiot",
    "a" * 3000,
]


def golden_posts() -> list[Post]:
    texts = WRITTEN + [t for lang in ("en", "nl", "fr") for t in service_posts(lang)[:150]]
    return [Post(i, text) for i, text in enumerate(texts)]


def finding_row(finding: Finding) -> list[Any]:
    key = getattr(finding.reason, "key", None)
    return [
        finding.analyzer,
        finding.kind,
        round(finding.score, 4),
        finding.start,
        finding.end,
        str(finding.reason),
        key,
    ]


def current_findings(posts: list[Post]) -> list[list[list[Any]]]:
    results = analyze_batch(build(None), posts)
    return [[finding_row(f) for f in findings] for findings in results]


def current_lines(posts: list[Post], batch_size: int = 64) -> list[str]:
    source = io.StringIO(
        "".join(json.dumps({"id": p.id, "text": p.text}, ensure_ascii=False) + "\n" for p in posts)
    )
    sink = io.StringIO()
    analyze_stream(source, sink, batch_size=batch_size)
    return sink.getvalue().splitlines()


def record() -> None:
    posts = golden_posts()
    data = {
        "texts": [p.text for p in posts],
        "findings": current_findings(posts),
        "lines": current_lines(posts),
    }
    FIXTURE.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    record()
