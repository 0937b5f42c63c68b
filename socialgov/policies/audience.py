"""Who a campaign addresses: everyone, org units (with their sub-units), roles, channel admins.

Acknowledgement campaigns and awareness campaigns share these fields and this resolution.
An audience is resolved once, when the campaign starts, into one row per person; people who
join later are added by starting the campaign for them again (it is idempotent per person).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialgov.core.models import EmploymentStatus, OrgUnit, Person, Role, RoleAssignment

# Apps that know more about who administers a channel (the channel register: owner, deputy,
# access grants) register a function from channel ids to person ids.
ChannelAdminResolver = Callable[[list[int]], set[int]]
_channel_admin_resolvers: list[ChannelAdminResolver] = []


def register_channel_admin_resolver(resolver: ChannelAdminResolver) -> ChannelAdminResolver:
    _channel_admin_resolvers.append(resolver)
    return resolver


class AudienceFields(models.Model):
    """The audience of a campaign, stored as chosen (the resolved people are rows elsewhere)."""

    audience_everyone = models.BooleanField(gettext_lazy("everyone"), default=False)
    audience_org_units = models.ManyToManyField(
        OrgUnit,
        verbose_name=gettext_lazy("org units"),
        blank=True,
        related_name="+",
    )
    audience_roles = models.JSONField(gettext_lazy("roles"), default=list, blank=True)
    audience_channel_ids = models.JSONField(gettext_lazy("channels"), default=list, blank=True)

    class Meta:
        abstract = True

    def audience(self) -> Audience:
        return Audience(
            everyone=self.audience_everyone,
            org_units=list(self.audience_org_units.all()),
            roles=list(self.audience_roles),
            channel_ids=list(self.audience_channel_ids),
        )


@dataclass
class Audience:
    everyone: bool = False
    org_units: list[OrgUnit] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    channel_ids: list[int] = field(default_factory=list)

    def clean(self) -> None:
        unknown_roles = sorted(set(self.roles) - set(Role.values))
        if unknown_roles:
            raise ValidationError(
                {
                    "audience_roles": _("Unknown role: %(roles)s.")
                    % {"roles": ", ".join(unknown_roles)}
                }
            )
        if any(not isinstance(pk, int) or isinstance(pk, bool) for pk in self.channel_ids):
            raise ValidationError({"audience_channel_ids": _("Channels are given by number.")})
        register = channel_model()
        if self.channel_ids and register is not None:
            known = set(
                register._default_manager.filter(pk__in=self.channel_ids).values_list(
                    "pk", flat=True
                )
            )
            missing = sorted(set(self.channel_ids) - known)
            if missing:
                raise ValidationError(
                    {"audience_channel_ids": _("No such channel: %(ids)s.") % {"ids": missing}}
                )
        if not (self.everyone or self.org_units or self.roles or self.channel_ids):
            raise ValidationError(
                {
                    "audience_everyone": _(
                        "Choose an audience: everyone, org units, roles or channels."
                    )
                }
            )

    def save_on(self, target: AudienceFields) -> None:
        target.audience_everyone = self.everyone
        target.audience_roles = sorted(set(self.roles))
        target.audience_channel_ids = sorted(set(self.channel_ids))

    def describe(self) -> dict[str, object]:
        return {
            "everyone": self.everyone,
            "org_units": [unit.code for unit in self.org_units],
            "roles": sorted(self.roles),
            "channels": sorted(self.channel_ids),
        }


CHANNEL_MODEL = ("channels", "Channel")
ADMIN_GRANT_ROLES = ("admin", "editor")


def _model(app_label: str, model_name: str) -> type[models.Model] | None:
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def channel_model() -> type[models.Model] | None:
    """The channel register's model when that app is installed."""
    return _model(*CHANNEL_MODEL)


def _channel_admins(channel_ids: list[int]) -> set[int]:
    found: set[int] = set()
    # Anyone holding a role on the channel itself (the channel owner role scoped to it).
    channel_type = ContentType.objects.filter(app_label="channels", model="channel").first()
    if channel_type is not None:
        found |= set(
            RoleAssignment.objects.filter(
                content_type=channel_type, object_id__in=channel_ids, user__person__isnull=False
            ).values_list("user__person_id", flat=True)
        )
    register = channel_model()
    if register is not None:
        names = {f.attname for f in register._meta.concrete_fields}
        for attname in ("owner_id", "deputy_id"):
            if attname in names:
                found |= {
                    pk
                    for pk in register._default_manager.filter(pk__in=channel_ids).values_list(
                        attname, flat=True
                    )
                    if pk is not None
                }
    grant_model = _model("channels", "AccessGrant")
    if grant_model is not None:
        # People holding an administrator or publisher role on the platform account itself.
        found |= {
            pk
            for pk in grant_model._default_manager.filter(
                channel_id__in=channel_ids, status="active", role__in=ADMIN_GRANT_ROLES
            ).values_list("person_id", flat=True)
            if pk is not None
        }
    for resolver in _channel_admin_resolvers:
        found |= resolver(channel_ids)
    return found


def resolve_audience(audience: Audience) -> set[int]:
    """Ids of the active people the audience covers."""
    active = Person.objects.filter(employment_status=EmploymentStatus.ACTIVE)
    if audience.everyone:
        return set(active.values_list("pk", flat=True))
    query = models.Q(pk__in=[])
    for unit in audience.org_units:
        query |= models.Q(org_unit__path__startswith=unit.path)
    if audience.roles:
        holders = RoleAssignment.objects.filter(
            role__in=audience.roles, user__person__isnull=False
        ).values_list("user__person_id", flat=True)
        query |= models.Q(pk__in=set(holders))
    if audience.channel_ids:
        query |= models.Q(pk__in=_channel_admins(list(audience.channel_ids)))
    return set(active.filter(query).values_list("pk", flat=True))


def org_units_by_id(ids: Iterable[int]) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(pk__in=list(ids)))
