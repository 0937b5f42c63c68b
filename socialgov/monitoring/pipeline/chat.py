"""Alert messages to Slack and Microsoft Teams incoming webhooks."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from socialgov.engine.sources.http import HttpError
from socialgov.monitoring.encryption import SecretsUnreadable, decrypt_text
from socialgov.monitoring.models import Alert, ChatFormat
from socialgov.monitoring.pipeline.ingest import http_client

logger = logging.getLogger(__name__)


def chat_payload(alert: Alert, chat_format: str) -> dict[str, Any]:
    link = f"{settings.SOCIALGOV_BASE_URL}/monitoring/alerts/{alert.pk}/"
    # Only the title, counts and a link: post text (possibly internal or personal) stays in
    # socialgov, behind its permissions.
    summary = f"{alert.title} ({alert.get_severity_display()}, {alert.evidence_count})"
    if chat_format == ChatFormat.TEAMS:
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": {
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": [{"type": "TextBlock", "text": summary, "wrap": True}],
                        "actions": [{"type": "Action.OpenUrl", "title": "socialgov", "url": link}],
                    },
                }
            ],
        }
    return {"text": f"{summary} <{link}|socialgov>"}


def deliver_chat(*, alert_id: int) -> bool:
    alert = Alert.objects.select_related("rule").filter(pk=alert_id).first()
    if alert is None or not alert.rule.chat_format:
        return False
    try:
        url = decrypt_text(alert.rule.chat_webhook_token)
        response = http_client().post_json(url, chat_payload(alert, alert.rule.chat_format))
    except (HttpError, SecretsUnreadable) as error:
        logger.warning("chat message for alert %s not sent: %s", alert_id, error)
        return False
    if response.status >= 300:
        logger.warning("chat webhook answered HTTP %s for alert %s", response.status, alert_id)
        return False
    return True
