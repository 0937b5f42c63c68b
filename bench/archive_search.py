"""Benchmark: eDiscovery full-text search over a large archive, on SQLite and on PostgreSQL.

    .venv/bin/python bench/archive_search.py [--rows 1000000] [--queries 200]
        [--postgres postgres://postgres@127.0.0.1/db]

Each backend runs in a child process on a fresh database: SQLite in a temporary data folder,
PostgreSQL in the given database, WHICH IS EMPTIED FIRST (its public schema is dropped), unless
`--reuse` finds the archive a run before left there. The archive gets
`--rows` items in English, Dutch, French, German and Spanish, written as a community team
writes (greetings, topics, product words, order numbers, names), with word frequencies that fall
off as in real text, so some words match a third of the archive and others a handful of rows.

Every query goes through the archive's own search selector (FTS5 on SQLite, tsvector/GIN on
PostgreSQL) as a governance lead, and is timed as the search page runs it: the count (up to the
selector's RESULT_LIMIT, 10,000: the page says "more than" beyond it), then the first page of
the 100 newest items. The mix: one common word, one rare word, two words, a prefix,
and words combined with a channel, a platform and a period. Target of issue 16: p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import ROOT, child_env, on_postgres, percentile

PAGE = 100  # as the search page

# Words a community team writes, per language: the head of each vocabulary, most frequent first.
HEADS = {
    "en": (
        "the to and you we your for our is of a in this it thanks please order delivery "
        "service team sorry help account update invoice refund store customers today week "
        "message contact support app payment issue new available online train station "
        "parcel problem answer details shop offer event summer winter price card"
    ),
    "nl": (
        "de het een en van je we voor is niet op met bedankt graag bestelling levering "
        "klantendienst sorry hulp rekening factuur terugbetaling winkel klanten vandaag "
        "week bericht contact ondersteuning betaling probleem nieuw trein station pakje "
        "antwoord gegevens aanbieding evenement zomer winter prijs kaart vertraging"
    ),
    "fr": (
        "le la les de et vous nous pour est pas un une merci commande livraison service "
        "équipe désolé aide compte facture remboursement magasin clients aujourd'hui "
        "semaine message contact assistance paiement problème nouveau train gare colis "
        "réponse détails offre événement été hiver prix carte retard"
    ),
    "de": (
        "der die das und sie wir für ist nicht ein eine danke bitte bestellung lieferung "
        "kundendienst entschuldigung hilfe konto rechnung erstattung laden kunden heute "
        "woche nachricht kontakt zahlung problem neu zug bahnhof paket antwort angebot"
    ),
    "es": (
        "el la los de y usted nosotros para es no un una gracias pedido entrega servicio "
        "equipo lo siento ayuda cuenta factura reembolso tienda clientes hoy semana "
        "mensaje contacto pago problema nuevo tren estación paquete respuesta oferta"
    ),
}
LANGUAGES: dict[str, list[str]] = {lang: str.split(words) for lang, words in HEADS.items()}
SYLLABLES = str.split("ka ro mi te lu sa ve no di pa zo ri be fa gu el an ur is on")
NAMES = str.split("Jan An Marie Pieter Sofie Lucas Emma Noah Léa Hugo Mila Jonas Elif Youssef")
PLATFORMS = ["mastodon", "bluesky", "x", "facebook", "linkedin", "instagram", "slack"]
KINDS = ["published", "own_channel", "internal"]


def vocabulary(rng: random.Random, language: str) -> tuple[list[str], list[float]]:
    """The language's head words and a long tail of made-up product and place names, with
    cumulative Zipf weights: rank r is written about 1/r as often as the most common word."""
    tail = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(6000)}
    words = LANGUAGES[language] + sorted(tail)
    return words, list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))


def texts(rows: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocabularies = {lang: vocabulary(rng, lang) for lang in LANGUAGES}
    languages = list(LANGUAGES)
    out = []
    for n in range(rows):
        lang = languages[n % len(languages)]
        words, cumulative = vocabularies[lang]
        body = rng.choices(words, cum_weights=cumulative, k=rng.randint(8, 40))
        if n % 7 == 0:
            body.append(f"#{rng.randint(100000, 999999)}")
        if n % 5 == 0:
            body.insert(0, rng.choice(NAMES) + ",")
        out.append(" ".join(body).capitalize() + ".")
    return out


def zipf_word(rng: random.Random, words: list[str]) -> str:
    return words[min(int(rng.paretovariate(1.0)) - 1, len(words) - 1)]


def build(rows: int, seed: int) -> dict[str, Any]:
    """Write `rows` items in batches, the search index kept up by the migration's triggers
    (SQLite) or index (PostgreSQL) as in production."""
    from django.db import connection

    from bench.register import bench_channels, bench_people
    from socialgov.archive.models import ArchivedItem
    from socialgov.core.models import Role, User
    from socialgov.core.services import role_assign

    unit, people = bench_people(50)
    lead = User.objects.create_user("bench-lead", password="bench-only", person=people[0])
    role_assign(actor=None, user=lead, role=Role.GOVERNANCE_LEAD)
    channels = bench_channels(unit, people, count=40, owner=people[0], owner_every=10)
    rng = random.Random(seed)
    start_day = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    started = time.perf_counter()
    batch: list[ArchivedItem] = []
    for n, text in enumerate(texts(rows, seed)):
        batch.append(
            ArchivedItem(
                kind=KINDS[n % 3],
                platform=PLATFORMS[n % len(PLATFORMS)],
                external_id=f"bench-{n}",
                channel=channels[n % len(channels)],
                author=f"author_{rng.randint(1, 5000)}",
                text=text,
                published_at=start_day + dt.timedelta(seconds=rng.randint(0, 3 * 365 * 86400)),
            )
        )
        if len(batch) == 5000:
            ArchivedItem.objects.bulk_create(batch)
            batch = []
    ArchivedItem.objects.bulk_create(batch)
    with connection.cursor() as cursor:  # as autovacuum does after a bulk load
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "lead": lead,
        "channels": [c.pk for c in channels],
        "insert s": time.perf_counter() - started,
    }


def queries(count: int, seed: int, channels: list[int]) -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(seed + 1)
    vocabularies = {lang: vocabulary(random.Random(seed), lang)[0] for lang in LANGUAGES}
    recent = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    shapes = ["common word", "rare word", "two words", "prefix", "word + channel", "filters"]
    out = []
    for n in range(count):
        words = vocabularies[rng.choice(list(LANGUAGES))]
        shape = shapes[n % len(shapes)]
        common = rng.choice(words[8:40])  # skip the stop words nobody searches for
        rare = rng.choice(words[60:])
        filters: dict[str, Any] = {}
        if shape == "common word":
            filters["text"] = common
        elif shape == "rare word":
            filters["text"] = rare
        elif shape == "two words":
            filters["text"] = f"{common} {zipf_word(rng, words[8:])}"
        elif shape == "prefix":
            filters["text"] = common[: max(3, len(common) - 3)]
        elif shape == "word + channel":
            filters.update(text=common, channel_id=rng.choice(channels))
        else:
            filters.update(
                text=common, platform=rng.choice(PLATFORMS), start=recent, kind=rng.choice(KINDS)
            )
        out.append((shape, filters))
    return out


def fresh_database() -> None:
    """PostgreSQL: drop everything in the bench database (SQLite starts from an empty folder)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


def reused(rows: int) -> dict[str, Any] | None:
    """The archive a previous run left (in PostgreSQL or --sqlite-dir), if it has `rows` items."""
    from django.db.utils import DatabaseError

    from socialgov.archive.models import ArchivedItem
    from socialgov.channels.models import Channel
    from socialgov.core.models import User

    try:
        lead = User.objects.filter(username="bench-lead").first()
    except DatabaseError:  # not migrated yet
        return None
    if lead is None or ArchivedItem.objects.count() != rows:
        return None
    channels = list(
        Channel.objects.filter(handle__startswith="bench_").values_list("pk", flat=True)
    )
    return {"lead": lead, "channels": channels, "insert s": 0.0}


def child(rows: int, count: int, seed: int, reuse: bool) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from socialgov.archive.selectors import SearchFilters, archive_search, archive_search_total

    built = reused(rows) if reuse else None
    if built is None:
        fresh_database()
    call_command("migrate", verbosity=0)  # a reused archive gets the newest indexes too
    built = built or build(rows, seed)
    timings: dict[str, list[float]] = {}
    matches = []
    for shape, filters in queries(count, seed, built["channels"]):
        started = time.perf_counter()
        search = SearchFilters(**filters)
        total, _more = archive_search_total(user=built["lead"], filters=search)
        page = list(archive_search(user=built["lead"], filters=search, total=total)[:PAGE])
        elapsed = (time.perf_counter() - started) * 1000
        assert len(page) == min(total, PAGE), (filters, total, len(page))
        timings.setdefault(shape, []).append(elapsed)
        matches.append(total)
    timings["all"] = [value for values in timings.values() for value in values]
    return {
        "backend": connection.vendor,
        "rows": rows,
        "insert s": round(built["insert s"], 1),
        "median matches": statistics.median(matches),
        "max matches": max(matches),
        "timings": timings,
    }


def run_child(env: dict[str, str], options: argparse.Namespace) -> dict[str, Any]:
    args = ["--child", "--rows", str(options.rows), "--queries", str(options.queries)]
    args += ["--reuse"] if options.reuse else []
    done = subprocess.run(
        [sys.executable, __file__, *args, "--seed", str(options.seed)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"{env.get('DATABASE_URL', 'sqlite')} bench failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(results: list[dict[str, Any]]) -> None:
    shapes = list(results[0]["timings"])
    print(f"{results[0]['rows']:,} archived items, {len(results[0]['timings']['all'])} queries")
    print(f"{'':28}" + "".join(f"{r['backend']:>24}" for r in results))
    print(f"{'insert (s)':28}" + "".join(f"{r['insert s']:>24}" for r in results))
    matches = (f"{r['median matches']:,.0f} / {r['max matches']:,}" for r in results)
    print(f"{'matches med / max (10k cap)':28}" + "".join(f"{m:>24}" for m in matches))
    print(f"{'query (ms)':28}" + "".join(f"{'p50':>12}{'p95':>12}" for _ in results))
    for shape in shapes:
        cells = []
        for r in results:
            values = r["timings"][shape]
            cells.append(f"{statistics.median(values):>12.1f}{percentile(values, 0.95):>12.1f}")
        print(f"{shape:28}" + "".join(cells))
    verdict = ", ".join(
        f"{r['backend']} p95 {percentile(r['timings']['all'], 0.95):.0f} ms "
        + ("meets" if percentile(r["timings"]["all"], 0.95) < 300 else "MISSES")
        for r in results
    )
    print(f"target p95 < 300 ms: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--postgres", default=os.environ.get("SOCIALGOV_BENCH_POSTGRES_URL", ""))
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep a PostgreSQL archive of --rows items from a run before",
    )
    parser.add_argument("--sqlite-dir", default="", help="SQLite data folder (default: a new one)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.rows, options.queries, options.seed, options.reuse)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = child_env(options.sqlite_dir or tmp, PYTHONPATH=str(ROOT))
        results = [run_child(base, options)]
        if options.postgres:
            results.append(run_child(on_postgres(base, options.postgres), options))
    report(results)


if __name__ == "__main__":
    main()
