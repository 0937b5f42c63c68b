"""The monitoring texts the system writes (alert titles, built-in rule names, detector reasons,
notifications), registered as messages so each reader gets them in their own language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import Message, register

register(
    {
        "monitoring.rule.spike": _("Mention spike"),
        "monitoring.rule.impersonation": _("Impersonating account"),
        "monitoring.rule.compromise": _("Suspected account takeover"),
        "monitoring.rule.demo_toxic": _("Toxic comment or mention"),
        "monitoring.rule.demo_negative": _("Negative mention with reach"),
        "monitoring.rule.demo_personal_data": _("Personal data in a public post"),
        "monitoring.rule.demo_secret": _("Secret or password shared"),
        "monitoring.rule.demo_confidential": _("Confidential marker"),
        "monitoring.where.organisation": _("the organisation"),
        "monitoring.alert.rule": _("%(rule)s — %(where)s"),
        "monitoring.alert.takeover": _("Suspected takeover of %(channel)s"),
        "monitoring.alert.imitating": _("Account imitating %(what)s: %(handle)s"),
        "monitoring.alert.spike": _("%(what)s — %(where)s (%(state)s)"),
        "monitoring.spike.volume": _("Mention volume spike"),
        "monitoring.spike.negative_volume": _("Spike in negative mentions"),
        "monitoring.spike.negative_share": _("Jump in the share of negative mentions"),
        "monitoring.spike_status.growing": _("growing"),
        "monitoring.spike_status.peaked": _("peaked"),
        "monitoring.spike_status.over": _("over"),
        "monitoring.finding.surge_post": _("One of the posts driving the surge"),
        "monitoring.finding.surge_post_terms": _("One of the posts driving the surge (%(terms)s)"),
        "monitoring.notify.alert": _("Alert: %(title)s"),
        "monitoring.notify.escalated": _("Escalated: %(title)s"),
        "monitoring.notify.alert_body": _(
            "%(count)s finding(s) on %(channel)s. Severity: %(severity)s. "
            "Please acknowledge the alert."
        ),
        "monitoring.notify.no_channel": _("no registered channel"),
        "monitoring.severity.low": _("Low"),
        "monitoring.severity.medium": _("Medium"),
        "monitoring.severity.high": _("High"),
        "monitoring.severity.critical": _("Critical"),
        "monitoring.task.follow_up": _("Follow up alert: %(title)s"),
        "monitoring.notify.connector_stopped": _("Monitoring connector %(name)s stopped working"),
        "monitoring.notify.connector_stopped_body": _(
            "The connector reports: %(error)s. Please renew its credentials or settings."
        ),
        "monitoring.task.opened_from": _("Opened from alert #%(id)s."),
    }
)

# The demo's rules by their English name: the demo and the migration of older rows name them
# by key, so they read in the reader's language.
DEMO_RULE_KEYS = {
    "Toxic comment or mention": "monitoring.rule.demo_toxic",
    "Negative mention with reach": "monitoring.rule.demo_negative",
    "Personal data in a public post": "monitoring.rule.demo_personal_data",
    "Secret or password shared": "monitoring.rule.demo_secret",
    "Confidential marker": "monitoring.rule.demo_confidential",
}
BUILTIN_RULE_KEYS = {
    "Mention spike": "monitoring.rule.spike",
    "Impersonating account": "monitoring.rule.impersonation",
    "Suspected account takeover": "monitoring.rule.compromise",
}


def where(channel: object | None) -> Message | str:
    """A channel's name as given (user content), or "the organisation" translated."""
    return str(channel) if channel is not None else Message("monitoring.where.organisation")
