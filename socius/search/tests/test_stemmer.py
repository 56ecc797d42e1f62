"""The stemmer against Snowball's own reference output, and the text rules around it."""

from pathlib import Path

from socius.search.danish_stopwords import DANISH_STOPWORDS
from socius.search.text import stem, stemmed_text, tokens

DATA = Path(__file__).parent / "data"


def test_it_agrees_with_snowball_for_every_word_of_the_vocabulary():
    words = (DATA / "snowball_voc.txt").read_text(encoding="utf-8").splitlines()
    expected = (DATA / "snowball_output.txt").read_text(encoding="utf-8").splitlines()
    assert len(words) == len(expected) > 20_000
    wrong = [(w, e, stem(w)) for w, e in zip(words, expected, strict=True) if stem(w) != e]
    assert wrong == []


def test_it_makes_inflected_forms_meet():
    assert stem("fællesskaber") == stem("fællesskabet") == stem("fællesskab")


def test_it_keeps_danish_letters_apart_from_their_lookalikes():
    assert tokens("Århus") == ["århus"]
    assert tokens("Århus") != tokens("arhus")
    assert tokens("Ærø søer") != tokens("aero soer")


def test_it_leaves_out_stop_words():
    assert "og" in DANISH_STOPWORDS
    assert "sådan" in DANISH_STOPWORDS
    assert len(DANISH_STOPWORDS) == 94
    assert tokens("Hjemløse og deres fællesskaber") == [stem("hjemløse"), stem("fællesskaber")]


def test_it_splits_on_anything_that_is_not_a_letter_or_digit():
    assert stemmed_text('NEAR("a"* OR -b:^c) 🙂\x00 d') == "near a or b c d"
    assert tokens("x" * 5000) == []
