"""The thread's pages: the list, one thread, the way from an object to its thread, following,
and the editors' page for linking steps by hand.

Threat model of the editor page (``thread_edit``, ``thread_unlink_view``): only holders of
``Capability.THREADS_EDIT`` (editors, administrators) reach it (403 for others, before any
lookup); every POST is checked again in the service. An editor never types an id or a URL:
the object to link is picked from what the kind's own ``candidates`` search offers for the
text given, and the choice is checked against that same list again on POST, so a forged
key (another kind's object, a draft the search does not offer, a made-up id) is refused as
"not one of the choices". A link id in the unlink URL must belong to this thread (404
otherwise). Notes are plain text, shown escaped. What editors can do at worst: link
unrelated public objects or cut a thread, both audited and undoable on the same page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import capability_required, request_user, user_can
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.models import Thread, ThreadLink
from socius.core.paging import page_with_query
from socius.core.roles import Capability
from socius.core.thread_selectors import (
    thread_follow_state,
    thread_for,
    thread_get,
    thread_list_public,
    thread_view,
)
from socius.core.thread_services import (
    NOTE_MAX,
    thread_follow,
    thread_link_by_editor,
    thread_unlink,
)
from socius.core.threads import step_kind, step_kinds

PAGE_SIZE = 25
SEARCH_MAX = 100


def _thread_or_404(public_id: Any) -> Thread:
    thread = thread_get(public_id)
    if thread is None:
        raise Http404
    return thread


@require_GET
def thread_list(request: HttpRequest) -> HttpResponse:
    page, query = page_with_query(request, thread_list_public(), PAGE_SIZE)
    return render(request, "core/thread_list.html", {"page": page, "query": query})


@require_GET
def thread_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    thread = _thread_or_404(public_id)
    view = thread_view(thread, request.user)
    return render(
        request,
        "core/thread_detail.html",
        {
            "view": view,
            "thread": thread,
            "follow_state": thread_follow_state(thread, request.user),
            "can_edit": user_can(request.user, Capability.THREADS_EDIT),
        },
    )


@require_GET
def thread_for_object(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    thread = thread_for(kind, key)
    if thread is None:
        raise Http404
    return redirect("core:thread-detail", public_id=thread.public_id)


@login_required
@require_POST
def thread_follow_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    thread = _thread_or_404(public_id)
    follow = request.POST.get("follow") == "1"
    try:
        thread_follow(thread=thread, user=request_user(request), follow=follow)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(
            request,
            _("You now follow the thread.") if follow else _("You no longer follow the thread."),
        )
    return redirect("core:thread-detail", public_id=thread.public_id)


DIRECTIONS = [
    ("next", gettext_lazy("leads to it (it came from this step)")),
    ("previous", gettext_lazy("came from it")),
]


class ThreadLinkForm(forms.Form):
    """Link a step of this thread to another object, found by kind and search text."""

    step = forms.TypedChoiceField(label=gettext_lazy("Step on this thread"), coerce=int)
    direction = forms.ChoiceField(label=gettext_lazy("The step"), choices=DIRECTIONS)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of the other object"))
    q = forms.CharField(
        label=gettext_lazy("Search for the other object"),
        max_length=SEARCH_MAX,
        help_text=gettext_lazy("A few words of its title."),
    )
    candidate = forms.ChoiceField(
        label=gettext_lazy("Choose the object"), required=False, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        max_length=NOTE_MAX,
        required=False,
        help_text=gettext_lazy("Why the two belong together, in one sentence."),
    )

    def __init__(self, *args: Any, steps: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps  # type: ignore[attr-defined]
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (k.key, k.label) for k in step_kinds() if k.candidates is not None
        ]
        self.found: list[tuple[str, str]] = []
        data = self.data
        kind = step_kind(str(data.get("kind", ""))) if data else None
        text = " ".join(str(data.get("q", "")).split())[:SEARCH_MAX] if data else ""
        if kind is not None and kind.candidates is not None and text:
            self.found = [(str(k), str(t)) for k, t in kind.candidates(text)][:20]
        if self.found:
            self.fields["candidate"].choices = self.found  # type: ignore[attr-defined]
        else:  # nothing to choose from: no empty group of radio buttons
            del self.fields["candidate"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.data.get("action") == "link" and not data.get("candidate"):
            if "candidate" in self.fields and "candidate" not in self.errors:
                self.add_error("candidate", _("Choose one of the objects the search found."))
            elif "candidate" not in self.fields:
                self.add_error("q", _("Search first, then choose one of the objects found."))
        return data


def _edit_steps(thread: Thread, user: Any) -> tuple[Any, list[tuple[int, str]]]:
    view = thread_view(thread, user)
    choices = [
        (s.step.pk, f"{s.number}. {s.label}: {s.info.title if s.info else _('not yet public')}")
        for s in view.steps
    ]
    return view, choices


@capability_required(Capability.THREADS_EDIT)
@require_http_methods(["GET", "POST"])
def thread_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    thread = _thread_or_404(public_id)
    user = request_user(request)
    view, steps = _edit_steps(thread, user)
    form = ThreadLinkForm(request.POST or None, steps=steps)
    if request.method == "POST" and form.is_valid() and request.POST.get("action") == "link":
        data = form.cleaned_data
        step = next(s.step for s in view.steps if s.step.pk == data["step"])
        here, there = (step.kind, step.key), (data["kind"], data["candidate"])
        source, target = (here, there) if data["direction"] == "next" else (there, here)
        try:
            linked = thread_link_by_editor(actor=user, source=source, target=target, note=data["note"])  # fmt: skip
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The link was added."))
            return redirect("core:thread-edit", public_id=linked.public_id)
    return render(request, "core/thread_edit.html", {"thread": thread, "view": view, "form": form})


@capability_required(Capability.THREADS_EDIT)
@require_POST
def thread_unlink_view(request: HttpRequest, public_id: Any, link_id: int) -> HttpResponse:
    thread = _thread_or_404(public_id)
    link = ThreadLink.objects.filter(pk=link_id, thread=thread).first()
    if link is None:
        raise Http404
    left = thread_unlink(actor=request_user(request), link=link)
    messages.success(request, _("The link was removed."))
    if left is None:
        return redirect(reverse("core:thread-list"))
    return redirect("core:thread-edit", public_id=left.public_id)
