"""Plain Danish on the strong-login, export and deletion pages: the Danish texts of this part
(from the catalogue, or the part's own translation file before it is merged) have a LIX under
30 taken together, and every page text on its own stays under 40."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from socius.core.plain_language import lix

LIX_LIMIT = 30
PART_FILE = Path("/tmp/da-plans-protection.po")  # noqa: S108 (before the catalogue merge)
CATALOGUE = Path(settings.BASE_DIR) / "locale/da/LC_MESSAGES/django.po"
PAGE_TEXTS = [
    "Your plan can hold things about your health and your life. So we ask you to show who "
    "you are in one more way. Choose one of the two ways.",
    "You have not set up two-factor yet. Set it up with an app on your phone. Then come back "
    "to this page.",
    "You can also use MitID. The first time, we link your MitID to your plan. After that, "
    "only that MitID opens it.",
    "You have the right to get all that your plan holds. The file has your goals, steps, "
    "ratings, notes, documents, who you share with, and who has seen your plan.",
    "Keep the file safe. Anyone who has it can read your plan.",
    "We delete all of your plan: goals, steps, ratings, notes and documents. Those you share "
    "with lose access at once. No one can get the plan back, not even us.",
    "Your plan is deleted. No one can read it any more.",
    "MitID is not available right now. Use two-factor instead.",
    "This MitID does not belong to the person who owns this plan. Use two-factor, or sign in "
    "with your own account.",
]


def _entries(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', text, flags=re.M)

    def join(block: str) -> str:
        return "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"')

    return {join(a): join(b) for a, b in pairs}


def _danish() -> dict[str, str]:
    found = _entries(PART_FILE)
    found.update({k: v for k, v in _entries(CATALOGUE).items() if k in PAGE_TEXTS and v})
    return found


def test_every_page_text_has_a_danish_translation():
    danish = _danish()
    assert [t for t in PAGE_TEXTS if not danish.get(t)] == []


def test_the_danish_page_texts_are_plain():
    danish = _danish()
    texts = [danish[t] for t in PAGE_TEXTS if t in danish]
    together = lix("\n\n".join(texts))
    assert together is not None
    assert together.score < LIX_LIMIT, together
    for text in texts:
        one = lix(text)
        assert one is not None
        assert one.score < 40, (text, one)


@pytest.mark.parametrize("text", PAGE_TEXTS, ids=range(len(PAGE_TEXTS)))
def test_the_english_page_texts_have_no_percent_letter_sequences(text):
    assert not re.search(r"%[a-zA-Z]", text)
