"""What every push endpoint shares: the size limit, the connector lookup and the refusal.

The endpoints themselves live with their platform (`meta.py`, `slack.py`, `webhook.py`).
They are authenticated by the platform's signature, not a login. A refused push is logged,
counted on the connector's health and changes nothing already stored; accepted posts are stored
before the answer, so an accepted push is never lost (the platforms retry what they do not see
accepted).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from socialgov.monitoring.models import Connector
from socialgov.monitoring.pipeline.ingest import push_refuse

MAX_PUSH_BYTES = 1024 * 1024


def push_connector(pk: int, kind: str) -> Connector | None:
    """The active connector a push is addressed to, when it is of the platform's kind."""
    return Connector.objects.filter(pk=pk, kind=kind, is_active=True).first()


def refuse(connector: Connector, reason: str, status: int) -> HttpResponse:
    push_refuse(connector=connector, reason=reason)
    return JsonResponse({"detail": reason}, status=status)


def push_body(request: HttpRequest) -> bytes | None:
    """The request body, or None when it is larger than a push may be."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_PUSH_BYTES:
        return None
    body = request.body
    return body if len(body) <= MAX_PUSH_BYTES else None
