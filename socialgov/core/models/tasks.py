from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.core.models.base import TimeStampedModel
from socialgov.core.models.people import Person
from socialgov.core.texts import message_text


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TaskPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Task(TimeStampedModel):
    """One action item type for assessment gaps, risk treatments, access reviews and incidents."""

    # What a person typed, or the English of a generated title; a generated one is shown from
    # its message (see core.texts) in the reader's language.
    title = models.CharField(_("title"), max_length=300)
    title_message = models.JSONField(default=dict, blank=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    description_message = models.JSONField(default=dict, blank=True, editable=False)
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="tasks"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=TaskPriority.choices, default=TaskPriority.NORMAL
    )
    # What raised the task, e.g. "assessment_gap" or "access_review": lets apps find their own.
    source = models.CharField(_("source"), max_length=50, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["status", "due_date", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["owner", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TaskStatus.values), name="task_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(priority__in=TaskPriority.values), name="task_priority_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return message_text(self.title_message, self.title)

    @property
    def display_description(self) -> str:
        return message_text(self.description_message, self.description)

    @property
    def is_open(self) -> bool:
        return self.status in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


class Notification(TimeStampedModel):
    """A message to a person, kept so the UI can list it and the e-mail can be retried."""

    recipient = models.ForeignKey(
        Person, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=300)
    subject_message = models.JSONField(default=dict, blank=True, editable=False)
    body = models.TextField(_("body"))
    body_message = models.JSONField(default=dict, blank=True, editable=False)
    url = models.CharField(_("link"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.display_subject

    @property
    def display_subject(self) -> str:
        return message_text(self.subject_message, self.subject)

    @property
    def display_body(self) -> str:
        return message_text(self.body_message, self.body)
