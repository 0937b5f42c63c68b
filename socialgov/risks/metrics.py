"""Names of the figures monitoring feeds into KRIs, so both sides agree on them.

The monitoring pipeline calls `socialgov.risks.services.kri_record_metric(metric=..., channel=...,
value=..., evidence=...)` with one of these names; KRIs that follow the name (for that channel, or
organisation-wide when `channel` is None) record the value and flag their risks when red.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MonitoredFigure(models.TextChoices):
    NEGATIVE_MENTION_SPIKES = "negative_mention_spikes", _("Negative-mention spikes per quarter")
    IMPERSONATORS_FOUND = "impersonators_found", _("Impersonating accounts found")
    LEAKS_DETECTED = "leaks_detected", _("Leaks detected (personal data, secrets, confidential)")
    TOXIC_POSTS_OWN_CHANNELS = "toxic_posts_own_channels", _("Toxic posts on own channels")
    COMPROMISE_ALERTS = "compromise_alerts", _("Account compromise alerts")
    UNANSWERED_COMPLAINTS = "unanswered_complaints", _("Complaints unanswered after a day")
    INCIDENTS_PER_QUARTER = "incidents_per_quarter", _("Incidents per quarter")
