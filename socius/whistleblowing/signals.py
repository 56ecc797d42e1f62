"""When a handler's account is deactivated, tell the administrators about every channel that
is left without a handler who can receive reports (services.channels)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from socius.whistleblowing.services.channels import (
    channel_unreadable_check,
    channels_relying_on,
)

_RELYING = "_socius_whistleblowing_relying"


@receiver(pre_save, sender=get_user_model())
def _before_deactivation(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None or instance.is_active:
        return
    if not sender.objects.filter(pk=instance.pk, is_active=True).exists():
        return
    setattr(instance, _RELYING, channels_relying_on(instance))


@receiver(post_save, sender=get_user_model())
def _after_deactivation(sender: Any, instance: Any, **kwargs: Any) -> None:
    for channel in getattr(instance, _RELYING, None) or []:
        channel_unreadable_check(channel)
    if hasattr(instance, _RELYING):
        delattr(instance, _RELYING)
