from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from socialgov.core.audit import audit_record
from socialgov.core.models import Person, Task, TaskPriority, TaskStatus, User
from socialgov.core.services.notifications import notification_send
from socialgov.core.texts import Message, stored


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    title: Message | str,
    owner: Person,
    description: Message | str = "",
    due_date: dt.date | None = None,
    priority: str = TaskPriority.NORMAL,
    source: str = "",
    subject: models.Model | None = None,
    notify: bool = True,
) -> Task:
    """A task; a system-made title or description is a message, shown in the reader's language."""
    title_text, title_message = stored(title)
    description_text, description_message = stored(description)
    task = Task(
        title=title_text.strip()[:300],
        title_message=title_message,
        description=description_text,
        description_message=description_message,
        owner=owner,
        due_date=due_date,
        priority=priority,
        source=source,
    )
    if subject is not None:
        task.content_type = ContentType.objects.get_for_model(subject)
        task.object_id = subject.pk
    task.full_clean()
    task.save()
    audit_record(
        actor=actor,
        verb="task.create",
        target=task,
        changes={
            "title": task.title,
            "owner": owner.pk,
            "due_date": due_date,
            "priority": priority,
            "source": source,
        },
    )
    if notify:
        notification_send(
            recipient=owner,
            subject=title,
            body=description or title,
            url=f"/tasks/{task.pk}/",
        )
    return task


@transaction.atomic
def task_set_status(*, actor: User | None, task: Task, status: str) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if status not in TaskStatus.values:
        raise ValueError(f"unknown task status {status!r}")
    old = task.status
    if old == status:
        return task
    task.status = status
    task.completed_at = timezone.now() if status == TaskStatus.DONE else None
    task.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(
        actor=actor, verb="task.set_status", target=task, changes={"status": [old, status]}
    )
    return task
