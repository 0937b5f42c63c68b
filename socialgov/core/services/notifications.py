from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from socialgov.core.models import Notification, Person

logger = logging.getLogger(__name__)


def _deliver(notification_id: int) -> None:
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    link = f"{settings.SOCIALGOV_BASE_URL}{notification.url}" if notification.url else ""
    try:
        send_mail(
            subject=f"[socialgov] {notification.subject}",
            message=f"{notification.body}\n\n{link}".strip(),
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception as error:  # a mail server outage must not undo the write that caused it
        logger.warning("notification %s not sent: %s", notification_id, error)
        Notification.objects.filter(pk=notification_id).update(error=str(error)[:2000])
        return
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), error="")


def notification_send(*, recipient: Person, subject: str, body: str, url: str = "") -> Notification:
    """Store a notification and e-mail it once the surrounding transaction commits."""
    notification = Notification.objects.create(
        recipient=recipient, subject=subject[:300], body=body, url=url[:500]
    )
    transaction.on_commit(lambda: _deliver(notification.pk))
    return notification
