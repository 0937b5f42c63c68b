"""Demo monitoring: alert rules, and a file connector over a generated stream of mentions, so
`make run` shows real alerts offline on first start. Idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from socialgov.core.demo import DemoContext, register_demo_builder
from socialgov.core.texts import Message
from socialgov.monitoring import services
from socialgov.monitoring.demo_stream import write_demo_week
from socialgov.monitoring.models import AlertRule, Connector, PostKind
from socialgov.monitoring.texts import DEMO_RULE_KEYS

DEMO_STREAM_POSTS = 600
CONNECTOR_NAME = "Demo stream (file import)"

RULES: list[dict[str, Any]] = [
    {
        "name": "Toxic comment or mention",
        "finding_kinds": ["toxicity", "hate"],
        # Internal posts too: bullying between colleagues on Slack or Viva Engage is conduct
        # the organisation answers for as much as an insult from a stranger.
        "post_kinds": [PostKind.COMMENT, PostKind.MENTION, PostKind.INTERNAL],
        # The toxicity scores are calibrated so that 0.5 is each language's operating point.
        "min_score": 0.5,
        "severity": "high",
        "category": "conduct",
        "escalate_after_minutes": 60,
    },
    {
        "name": "Negative mention with reach",
        "finding_kinds": ["sentiment.negative", "complaint"],
        "post_kinds": [PostKind.MENTION],
        "min_score": 0.5,
        "min_reach": 1000,
        "severity": "medium",
        "category": "reputation",
        "escalate_after_minutes": 240,
    },
    {
        "name": "Personal data in a public post",
        "finding_kinds": ["personal_data"],
        "post_kinds": [PostKind.OWN_POST, PostKind.COMMENT, PostKind.MENTION],
        "min_score": 0.6,
        "severity": "high",
        "category": "privacy",
        "escalate_after_minutes": 120,
    },
    {
        "name": "Secret or password shared",
        "finding_kinds": ["secrets"],
        "min_score": 0.6,
        "severity": "critical",
        "category": "security",
        "escalate_after_minutes": 30,
    },
    {
        "name": "Confidential marker",
        "finding_kinds": ["confidential"],
        "min_score": 0.6,
        "severity": "high",
        "category": "security",
    },
]


@register_demo_builder
def build_monitoring(context: DemoContext) -> None:
    for rule in RULES:
        if not AlertRule.objects.filter(name=rule["name"], channel__isnull=True).exists():
            name_message = Message(DEMO_RULE_KEYS[rule["name"]])
            services.alert_rule_create(actor=None, name_message=name_message, **rule)
    if Connector.objects.filter(name=CONNECTOR_NAME).exists():
        return
    path = Path(settings.SOCIALGOV_IMPORT_DIRS[0]) / "demo-stream.jsonl"
    if not path.exists():
        write_demo_week(path, count=DEMO_STREAM_POSTS)
    services.connector_create(
        actor=None,
        name=CONNECTOR_NAME,
        kind="file",
        # A recorded week of about 1,600 posts: large batches, so it is through within a minute.
        config={"path": str(path), "format": "jsonl", "batch_size": 1000},
        contact=context.people.get("E021"),
        poll_interval_seconds=60,
    )
    context.log.append(f"monitoring: a recorded demo week with a surge at {path}")
