from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from socialgov.core.models import Notification, Person
from socialgov.core.texts import Message, stored

logger = logging.getLogger(__name__)


def _deliver(notification_id: int) -> None:
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    link = f"{settings.SOCIALGOV_BASE_URL}{notification.url}" if notification.url else ""
    # Composed in the recipient's language, whoever's request or job caused the notification.
    with translation.override(notification.recipient.language or None):
        subject = notification.display_subject
        body = notification.display_body
    try:
        send_mail(
            subject=f"[socialgov] {subject}",
            message=f"{body}\n\n{link}".strip(),
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception as error:  # a mail server outage must not undo the write that caused it
        logger.warning("notification %s not sent: %s", notification_id, error)
        Notification.objects.filter(pk=notification_id).update(error=str(error)[:2000])
        return
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), error="")


def notification_send(
    *,
    recipient: Person,
    subject: Message | str,
    body: Message | Sequence[Message] | str,
    url: str = "",
) -> Notification:
    """Store a notification and e-mail it once the surrounding transaction commits. Messages
    are composed in the recipient's language when sent and when listed; a body of several
    messages is joined when shown."""
    subject_text, subject_message = stored(subject)
    body_text, body_message = stored(body)
    notification = Notification.objects.create(
        recipient=recipient,
        subject=subject_text[:300],
        subject_message=subject_message,
        body=body_text,
        body_message=body_message,
        url=url[:500],
    )
    transaction.on_commit(lambda: _deliver(notification.pk))
    return notification
