"""Reference content loaded from the library: risk types, matrices and controls."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.library.models import ItemOrigin, LibraryItem
from socialgov.library.text import localized, localized_list
from socialgov.risks.models.choices import ControlType, PostureCheck, RiskCategory
from socialgov.risks.scoring import Band, MatrixSpec


def _origin_valid(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(origin__in=ItemOrigin.values), name=name)


class RiskMatrix(LibraryItem):
    """A square likelihood × impact grid whose cells name a level (band)."""

    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    size = models.PositiveSmallIntegerField(_("size"))
    # [{"value": 1, "label": {"en": ..}, "description": {..}}, ...], lowest first
    likelihood_levels = models.JSONField(_("likelihood levels"), default=list)
    impact_levels = models.JSONField(_("impact levels"), default=list)
    # [{"key": "low", "rank": 1, "colour": "#2e7d32", "label": {..}}, ...]
    bands = models.JSONField(_("levels"), default=list)
    # cells[likelihood - 1][impact - 1] = band key
    cells = models.JSONField(_("grid"), default=list)

    class Meta:
        ordering = ["size", "key"]
        verbose_name = _("risk matrix")
        verbose_name_plural = _("risk matrices")
        constraints = [
            _origin_valid("riskmatrix_origin_valid"),
            models.CheckConstraint(
                condition=Q(size__gte=2, size__lte=10), name="riskmatrix_size_sensible"
            ),
        ]

    def __str__(self) -> str:
        return localized(self.name) or self.key

    @property
    def spec(self) -> MatrixSpec:
        cached = getattr(self, "_spec", None)
        if cached is None:
            cached = MatrixSpec.build(
                self.size,
                self.cells,
                [Band(b["key"], int(b["rank"]), b["colour"]) for b in self.bands],
            )
            self._spec = cached
        return cached

    def band_label(self, key: str) -> str:
        for band in self.bands:
            if band["key"] == key:
                return localized(band.get("label")) or key
        return key

    def band_colour(self, key: str) -> str:
        return self.spec.bands[key].colour if key in self.spec.bands else "#999999"

    def level_label(self, axis: str, value: int) -> str:
        levels = self.likelihood_levels if axis == "likelihood" else self.impact_levels
        for level in levels:
            if level.get("value") == value:
                return localized(level.get("label"))
        return str(value)


class RiskType(LibraryItem):
    """A risk of the catalogue, applicable to some platforms and purposes (empty: all)."""

    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=RiskCategory.choices)
    causes = models.JSONField(_("typical causes"), default=list, blank=True)
    consequences = models.JSONField(_("consequences"), default=list, blank=True)
    platforms = models.JSONField(_("platforms"), default=list, blank=True)
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    # Suggested starting point on a 5-level scale; rescaled to the matrix in use.
    typical_likelihood = models.PositiveSmallIntegerField(_("typical likelihood (of 5)"), default=3)
    typical_impact = models.PositiveSmallIntegerField(_("typical impact (of 5)"), default=3)

    class Meta:
        ordering = ["key"]
        verbose_name = _("risk type")
        verbose_name_plural = _("risk types")
        constraints = [
            _origin_valid("risktype_origin_valid"),
            models.CheckConstraint(
                condition=Q(category__in=RiskCategory.values), name="risktype_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(typical_likelihood__gte=1, typical_likelihood__lte=5)
                & Q(typical_impact__gte=1, typical_impact__lte=5),
                name="risktype_typical_scores_of_five",
            ),
        ]

    def __str__(self) -> str:
        return localized(self.title) or self.key

    @property
    def title_text(self) -> str:
        return localized(self.title)

    @property
    def description_text(self) -> str:
        return localized(self.description)

    @property
    def causes_text(self) -> list[str]:
        return localized_list(self.causes)

    @property
    def consequences_text(self) -> list[str]:
        return localized_list(self.consequences)

    def applies_to(self, *, platform: str, purpose: str) -> bool:
        return (not self.platforms or platform in self.platforms) and (
            not self.purposes or purpose in self.purposes
        )


class Control(LibraryItem):
    """A measure that reduces risks, with the ISO/IEC 27001:2022 Annex A controls it serves."""

    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    control_type = models.CharField(_("type"), max_length=20, choices=ControlType.choices)
    iso27001 = models.JSONField(_("ISO/IEC 27001:2022 Annex A"), default=list, blank=True)
    posture_check = models.CharField(
        _("shown in place by"),
        max_length=30,
        choices=PostureCheck.choices,
        blank=True,
        default=PostureCheck.NONE,
    )
    risk_types = models.ManyToManyField(
        RiskType, verbose_name=_("reduces"), related_name="controls", blank=True
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("control")
        verbose_name_plural = _("controls")
        constraints = [
            _origin_valid("control_origin_valid"),
            models.CheckConstraint(
                condition=Q(control_type__in=ControlType.values), name="control_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(posture_check__in=PostureCheck.values),
                name="control_posture_check_valid",
            ),
        ]

    def __str__(self) -> str:
        return localized(self.title) or self.key

    @property
    def title_text(self) -> str:
        return localized(self.title)

    @property
    def description_text(self) -> str:
        return localized(self.description)


class RiskSettings(models.Model):
    """Organisation-wide choices of the risk register (a single row)."""

    default_matrix = models.ForeignKey(
        RiskMatrix,
        verbose_name=_("matrix for new risks"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("risk settings")
        verbose_name_plural = _("risk settings")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="risksettings_single_row")]

    def __str__(self) -> str:
        return str(_("Risk settings"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
