"""The session store (socius/accounts/sessions.py): stored texts whose signature was checked
once are not checked again in this process, and nothing else changes."""

from __future__ import annotations

import pytest

from socius.accounts import sessions
from socius.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _stored(data: dict) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    return store.model.objects.get(session_key=store.session_key).session_data


def test_a_kept_payload_is_a_fresh_copy_each_time():
    text = _stored({"_auth_user_id": "7", "basket": ["a"]})
    first = SessionStore().decode(text)
    first["basket"].append("b")
    first["extra"] = True
    assert SessionStore().decode(text) == {"_auth_user_id": "7", "basket": ["a"]}


@pytest.mark.parametrize("change", ["first", "last", "middle"])
def test_a_changed_text_is_checked_and_refused_even_after_the_original_was_kept(change):
    text = _stored({"_auth_user_id": "7"})
    assert SessionStore().decode(text) == {"_auth_user_id": "7"}
    i = {"first": 0, "last": len(text) - 1, "middle": len(text) // 2}[change]
    tampered = text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1 :]
    assert SessionStore().decode(tampered) == {}
    assert (SessionStore.key_salt, tampered) not in sessions._verified


def test_a_session_that_ended_is_gone_although_its_text_is_kept(client, citizen):
    client.force_login(citizen)
    assert "Log ud" in client.get("/").content.decode()  # read, checked and kept
    key = client.session.session_key
    SessionStore(key).delete()  # "log out everywhere" deletes the rows
    assert SessionStore(key).load() == {}
    assert "Log ud" not in client.get("/").content.decode()


def test_the_kept_texts_are_bounded(monkeypatch):
    monkeypatch.setattr(sessions, "VERIFIED_MAX", 3)
    texts = [_stored({"n": n}) for n in range(5)]
    for text in texts:
        SessionStore().decode(text)
    kept = [text for salt, text in sessions._verified]
    assert len(sessions._verified) == 3
    assert kept == texts[-3:]
