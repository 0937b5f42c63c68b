from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ItemOrigin(models.TextChoices):
    LIBRARY = "library", _("Reference library")
    CUSTOM = "custom", _("Added locally")


class LibraryRelease(models.Model):
    """The version of one library document that is loaded, so reloads can be compared to it."""

    library = models.CharField(_("library"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=50)
    version = models.CharField(_("version"), max_length=30)
    # Digest of the whole document: the same version with other content is refused.
    digest = models.CharField(max_length=64)
    source = models.CharField(_("file"), max_length=500, blank=True)
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        ordering = ["library"]
        verbose_name = _("library release")
        verbose_name_plural = _("library releases")

    def __str__(self) -> str:
        return f"{self.library} {self.version}"


class LibraryItem(models.Model):
    """Fields every model filled from the library carries, to tell library content from local
    edits: `library_digest` is the digest of the values as last loaded."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=ItemOrigin.choices, default=ItemOrigin.CUSTOM
    )
    # The library document the item came from, and its version when last loaded.
    library = models.CharField(_("library"), max_length=100, blank=True)
    library_version = models.CharField(_("library version"), max_length=30, blank=True)
    library_digest = models.CharField(max_length=64, blank=True, editable=False)
    retired = models.BooleanField(
        _("retired"), default=False, help_text=_("No longer in the reference library.")
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(origin__in=ItemOrigin.values), name="%(class)s_origin_valid"
            )
        ]
