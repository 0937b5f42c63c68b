"""Demo risks: the wizard run on every demo channel, some treated, one accepted close to its
expiry, and KRIs with a year of history. Idempotent: a channel that has risks is left alone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from socialgov.channels.models import Channel, ChannelStatus
from socialgov.core.demo import DemoContext, register_demo_builder
from socialgov.risks import services
from socialgov.risks.metrics import MonitoredFigure
from socialgov.risks.models import KRI, ChannelRisk, RiskMatrix, RiskStatus

# Demo texts in English, Dutch and French, written in the organisation's language.
REDUCE = {"en": "Reduce: %(risk)s", "nl": "Verminderen: %(risk)s", "fr": "Réduire : %(risk)s"}
JUSTIFICATION = {
    "en": "Low reach and legal reviews every campaign; revisit after the rebrand.",
    "nl": "Klein bereik en een juridische controle bij elke campagne; opnieuw bekijken na de "
    "nieuwe huisstijl.",
    "fr": "Faible portée et revue juridique de chaque campagne ; à revoir après le changement "
    "d’image.",
}
SPIKES_KRI = {
    "en": "Negative-mention spikes per quarter",
    "nl": "Pieken in negatieve vermeldingen per kwartaal",
    "fr": "Pics de mentions négatives par trimestre",
}
IMPERSONATORS_KRI = {
    "en": "Impersonating accounts found per quarter",
    "nl": "Gevonden imitatieaccounts per kwartaal",
    "fr": "Comptes usurpateurs trouvés par trimestre",
}
SPIKES_UNIT = {"en": "spikes", "nl": "pieken", "fr": "pics"}
ACCOUNTS_UNIT = {"en": "accounts", "nl": "accounts", "fr": "comptes"}
QUARTERS_AGO = {
    "en": "%(n)s quarter(s) ago",
    "nl": "%(n)s kwarta(a)l(en) geleden",
    "fr": "il y a %(n)s trimestre(s)",
}


def _channel_with(purpose: str, channels: list[Channel]) -> Channel | None:
    return next((channel for channel in channels if channel.purpose == purpose), None)


@register_demo_builder
def build_risk_demo(context: DemoContext) -> None:
    if not RiskMatrix.objects.exists():
        context.log.append("Risks: no library loaded (run `socialgov library load`); skipped.")
        return
    channels = list(
        Channel.objects.exclude(status=ChannelStatus.RETIRED).select_related("owner").order_by("pk")
    )
    today = timezone.localdate()
    lead = context.users.get("lead")
    added = 0
    for channel in channels:
        if channel.risks.exists():
            continue
        proposals = services.risk_wizard_proposals(channel=channel)
        created = services.risk_wizard_apply(
            actor=None, channel=channel, risk_types=[p.risk_type.key for p in proposals]
        )
        added += len(created)
        # Treat the top risk of each channel; every third channel's action is already late.
        top = max(created, key=lambda risk: risk.residual_score, default=None)
        if top is not None and top.owner.is_active:
            late = channel.pk % 3 == 0
            services.risk_treatment_plan(
                actor=None,
                risk=top,
                title=(context.text(REDUCE) % {"risk": top.name})[:300],
                due_date=today + dt.timedelta(days=-5 if late else 45),
            )
    if added:
        context.log.append(f"Risks: {added} channel risks added from the wizard.")
    _accept_one(today, lead, context.text(JUSTIFICATION))
    _kris(context, channels, today)


def _accept_one(today: dt.date, lead: object, justification: str) -> None:
    from socialgov.core.models import User

    if (
        not isinstance(lead, User)
        or ChannelRisk.objects.filter(status=RiskStatus.ACCEPTED).exists()
    ):
        return
    candidate = (
        ChannelRisk.objects.filter(status=RiskStatus.OPEN, risk_type__key="legal-content").first()
        or ChannelRisk.objects.filter(status=RiskStatus.OPEN).order_by("residual_score").first()
    )
    if candidate is None:
        return
    services.risk_accept(
        actor=lead,
        risk=candidate,
        justification=justification,
        expires_on=today + dt.timedelta(days=12),
    )


def _kris(context: DemoContext, channels: list[Channel], today: dt.date) -> None:
    service_channel = _channel_with("customer_service", channels) or (
        channels[0] if channels else None
    )
    brand_channel = _channel_with("external_communication", channels) or service_channel
    if service_channel is None or brand_channel is None:
        return
    now = timezone.now()
    specs = [
        (
            SPIKES_KRI,
            MonitoredFigure.NEGATIVE_MENTION_SPIKES,
            SPIKES_UNIT,
            service_channel,
            ("viral-complaint", "badly-handled-message"),
            1,
            3,
            [0, 1, 1, 2, 4],
        ),
        (
            IMPERSONATORS_KRI,
            MonitoredFigure.IMPERSONATORS_FOUND,
            ACCOUNTS_UNIT,
            brand_channel,
            ("impersonation",),
            1,
            3,
            [1, 0, 2, 1, 2],
        ),
    ]
    for names, metric, units, channel, risk_keys, amber, red, values in specs:
        # Found again in any language, so a rerun in another language doubles nothing.
        if KRI.objects.filter(name__in=names.values(), channel=channel).exists():
            continue
        name, unit = context.text(names), context.text(units)
        risks = ChannelRisk.objects.filter(channel=channel, risk_type__key__in=risk_keys)
        kri = services.kri_create(
            actor=None,
            name=name,
            owner=channel.owner,
            channel=channel,
            metric=metric,
            unit=unit,
            amber_threshold=amber,
            red_threshold=red,
            risks=list(risks),
        )
        for quarters_ago, value in zip(range(len(values) - 1, -1, -1), values, strict=True):
            services.kri_record_value(
                kri=kri,
                value=value,
                measured_at=now - dt.timedelta(days=91 * quarters_ago),
                source="monitoring",
                evidence={"period": context.text(QUARTERS_AGO) % {"n": quarters_ago}},
            )
        context.log.append(f"Risks: KRI “{name}” with {len(values)} quarterly values.")
