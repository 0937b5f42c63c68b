"""What the connectors bring in: authors, posts, and what the analyzers found in them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import message_text
from socialgov.monitoring.models.choices import AlertCategory, AnalysisState, PostKind


class Author(models.Model):
    platform = models.CharField(_("platform"), max_length=40)
    external_id = models.CharField(_("external id"), max_length=255)
    handle = models.CharField(_("handle"), max_length=200, blank=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    avatar_url = models.URLField(_("avatar URL"), max_length=1000, blank=True)
    # 64-bit perceptual hash of the avatar in hex, for copied-avatar impersonation checks.
    avatar_hash = models.CharField(_("avatar perceptual hash"), max_length=16, blank=True)
    created_on_platform = models.DateTimeField(_("account created"), null=True, blank=True)
    followers_count = models.PositiveBigIntegerField(_("followers"), null=True, blank=True)
    following_count = models.PositiveBigIntegerField(_("following"), null=True, blank=True)
    posts_count = models.PositiveBigIntegerField(_("posts"), null=True, blank=True)
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="author_unique_per_platform"
            ),
        ]
        indexes = [models.Index(fields=["platform", "handle"])]

    def __str__(self) -> str:
        return self.handle or self.display_name or self.external_id


class Post(models.Model):
    platform = models.CharField(_("platform"), max_length=40)
    external_id = models.CharField(_("external id"), max_length=255)
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    # Stored as plain text, always rendered escaped: every post is written by a stranger.
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    published_at = models.DateTimeField(_("published"))
    url = models.URLField(_("link"), max_length=1000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices)
    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    connector = models.ForeignKey(
        "monitoring.Connector",
        verbose_name=_("connector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    # Collected from an employee's consented linked account (see Connector.linked_account).
    linked_account = models.ForeignKey(
        "channels.LinkedAccount",
        verbose_name=_("linked private account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="collected_posts",
    )
    reply_to_external_id = models.CharField(max_length=255, blank=True)
    quote_of_external_id = models.CharField(max_length=255, blank=True)
    repost_of_external_id = models.CharField(max_length=255, blank=True)
    replies_count = models.PositiveBigIntegerField(null=True, blank=True)
    reposts_count = models.PositiveBigIntegerField(null=True, blank=True)
    likes_count = models.PositiveBigIntegerField(null=True, blank=True)
    quotes_count = models.PositiveBigIntegerField(null=True, blank=True)
    mentions = models.JSONField(default=list, blank=True)
    raw = models.JSONField(_("raw payload"), default=dict, blank=True)
    # SHA-256 of what analysis depends on: an edit changes it and sends the post back to analysis.
    content_hash = models.CharField(max_length=64)
    analysis_state = models.CharField(
        max_length=10, choices=AnalysisState.choices, default=AnalysisState.PENDING
    )
    # The worker that claimed the post for analysis, and when (a stale claim is taken over).
    analysis_claim = models.CharField(max_length=40, blank=True)
    analysis_claimed_at = models.DateTimeField(null=True, blank=True)
    analysis_attempts = models.PositiveSmallIntegerField(default=0)
    analysed_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # The platform said the post was deleted; its text is kept only while an open alert
    # holds it as evidence.
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="post_unique_per_platform"
            ),
            models.CheckConstraint(condition=Q(kind__in=PostKind.values), name="post_kind_valid"),
            models.CheckConstraint(
                condition=Q(analysis_state__in=AnalysisState.values),
                name="post_analysis_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["analysis_state", "id"]),
            models.Index(fields=["channel", "published_at"]),
            models.Index(fields=["published_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.external_id}"


class Finding(models.Model):
    # No index of its own: the (post, analyzer, kind) index below serves every lookup by post.
    post = models.ForeignKey(
        Post,
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="findings",
        db_index=False,
    )
    analyzer = models.CharField(_("analyzer"), max_length=60)
    kind = models.CharField(_("kind"), max_length=80)
    category = models.CharField(
        _("category"), max_length=20, choices=AlertCategory.choices, default=AlertCategory.OTHER
    )
    score = models.FloatField(_("score"))
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    # Readable by the person handling the alert; analyzers never repeat a secret in it.
    reason = models.CharField(_("reason"), max_length=500)
    # The reason as a message or a list of messages (see core.texts), for the reader's language.
    reason_message = models.JSONField(default=dict, blank=True, editable=False)
    # Same post content, analyzer, kind and span: the same finding, stored once however often
    # the batch is retried.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "fingerprint"], name="finding_once_per_post"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="finding_score_0_1"
            ),
            models.CheckConstraint(
                condition=Q(category__in=AlertCategory.values), name="finding_category_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["analyzer", "kind"]),
            # "Does this post have a negative sentiment finding" (rollups, detectors) is read
            # from the index alone; with the (analyzer, kind) index only, PostgreSQL without
            # statistics yet (a fresh store) scanned every negative finding per post.
            models.Index(fields=["post", "analyzer", "kind"], name="finding_post_analyzer_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.analyzer}.{self.kind} ({self.score:.2f})"

    @property
    def display_reason(self) -> str:
        return message_text(self.reason_message, self.reason)
