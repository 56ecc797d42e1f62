"""The golden thread: one idea followed from the evidence to a council decision to results.

A thread is a set of steps (an object in some module: a publication, a conversation, a
recommendation, a citizen proposal, a council item, a programme action, a measure), joined by
links that point forward (the step a later step came from). Each step names its object by the
kind its module registered (``socius.core.threads``) and the object's key in that module, so
core holds no foreign keys to the modules. A step belongs to one thread; linking two steps of
different threads merges them. Links never form a cycle (the services refuse one).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Thread(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a step was last added or moved on (for "what changed" and for the lists).
    moved_at = models.DateTimeField(_("last moved"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-moved_at", "-created_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return self.title


class ThreadStep(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=64)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="core_threadstep_kind_key"),
        ]
        verbose_name = _("thread step")
        verbose_name_plural = _("thread steps")

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class ThreadLink(models.Model):
    """``target`` came from ``source`` (a recommendation from a conversation, a proposal from
    a recommendation, a council item from a proposal, an action from a council decision)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(ThreadStep, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(ThreadStep, on_delete=models.CASCADE, related_name="links_in")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="core_threadlink_pair"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="core_threadlink_not_self"
            ),
        ]
        verbose_name = _("thread link")
        verbose_name_plural = _("thread links")

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.target_id}"


class ThreadFollow(models.Model):
    """A person's choice about one thread: ``following`` True (they asked to follow it) or
    False (they took part in a step and asked not to hear more)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows"
    )
    following = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="core_threadfollow_once"),
        ]
        verbose_name = _("thread follower")
        verbose_name_plural = _("thread followers")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.thread_id}"


class ThreadEvent(models.Model):
    """The thread moved: a step was added or one of its steps changed (a council decision,
    an action's status). People who follow the thread are told, by a background task."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="events")
    step = models.ForeignKey(
        ThreadStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(_("what happened"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thread event")
        verbose_name_plural = _("thread events")

    def __str__(self) -> str:
        return self.text
