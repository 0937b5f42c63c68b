from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.core.models.base import TimeStampedModel
from socialgov.core.models.people import OrgUnit


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    GOVERNANCE_LEAD = "governance_lead", _("Governance lead")
    CHANNEL_OWNER = "channel_owner", _("Channel owner")
    ANALYST = "analyst", _("Security analyst")
    EMPLOYEE = "employee", _("Employee")
    AUDITOR = "auditor", _("Auditor")
    COMMUNITY_MANAGER = "community_manager", _("Community manager")
    LEGAL = "legal", _("Legal")


class RoleSource(models.TextChoices):
    """Who granted a role: a person (kept until a person revokes it), or the identity
    provider's group list through SOCIALGOV_SSO_ROLE_MAP (revoked when it stops listing it)."""

    MANUAL = "manual", _("Granted here")
    IDENTITY_PROVIDER = "identity_provider", _("Identity provider")


class ScopeType(models.TextChoices):
    ORGANISATION = "organisation", _("Whole organisation")
    ORG_UNIT = "org_unit", _("Org unit and below")
    OBJECT = "object", _("A single object")


class RoleAssignment(TimeStampedModel):
    """A role held by a user over a scope: the organisation, an org unit subtree or one object."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope_type = models.CharField(
        _("scope"), max_length=20, choices=ScopeType.choices, default=ScopeType.ORGANISATION
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), null=True, blank=True, on_delete=models.CASCADE
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope_object = GenericForeignKey("content_type", "object_id")
    source = models.CharField(
        _("granted by"), max_length=20, choices=RoleSource.choices, default=RoleSource.MANUAL
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="role_valid"),
            models.CheckConstraint(
                condition=Q(source__in=RoleSource.values), name="role_source_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        scope_type=ScopeType.ORGANISATION,
                        org_unit__isnull=True,
                        content_type__isnull=True,
                        object_id__isnull=True,
                    )
                    | Q(
                        scope_type=ScopeType.ORG_UNIT,
                        org_unit__isnull=False,
                        content_type__isnull=True,
                        object_id__isnull=True,
                    )
                    | Q(
                        scope_type=ScopeType.OBJECT,
                        org_unit__isnull=True,
                        content_type__isnull=False,
                        object_id__isnull=False,
                    )
                ),
                name="role_scope_consistent",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(scope_type=ScopeType.ORGANISATION),
                name="role_unique_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"],
                condition=Q(scope_type=ScopeType.ORG_UNIT),
                name="role_unique_org_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "content_type", "object_id"],
                condition=Q(scope_type=ScopeType.OBJECT),
                name="role_unique_object",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.get_scope_type_display()}"
