import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from socius.core.plain_language import lix


def test_it_computes_lix_by_the_formula():
    # 10 words, 2 sentences, 2 long words ("fællesskab", "kommunen"): 10/2 + 100*2/10 = 25
    text = "Vi bygger et fællesskab i kommunen. Alle er med her."
    result = lix(text)
    assert result is not None
    assert (result.words, result.sentences, result.long_words) == (10, 2, 2)
    assert result.score == 25.0
    with translation.override("en"):
        assert result.band == "easy"
    assert result.is_plain


def test_the_last_sentence_needs_no_full_stop():
    assert lix("Kort tekst uden punktum").sentences == 1
    assert lix("Første sætning. Anden sætning").sentences == 2


def test_decimal_points_do_not_end_sentences():
    assert lix("Prisen steg 3.5 procent i år.").sentences == 1


def test_long_words_count_letters_not_hyphens_or_digits():
    result = lix("Social-økonomi er godt.")
    assert result.long_words == 1  # "Social-økonomi" has 13 letters


def test_no_words_gives_none():
    assert lix("") is None
    assert lix("123 456 !!!") is None


@pytest.mark.parametrize(
    ("score_text", "band"),
    [
        ("Jeg er glad. Du er glad.", "very easy"),
        (
            "Kommunalbestyrelsen behandler borgerforslaget efter indstilling fra forvaltningen.",
            "very hard",
        ),
    ],
)
def test_bands(score_text, band):
    with translation.override("en"):
        assert lix(score_text).band == band


@given(st.text(max_size=2000))
def test_it_never_fails_and_stays_in_range(text):
    result = lix(text)
    if result is not None:
        assert result.score >= 0
        assert result.words >= 1
        assert result.sentences >= 1
        assert 0 <= result.long_words <= result.words


def test_template_tag_renders_score_band_and_warning():
    template = Template("{% load socius %}{% lix_badge text %}")
    with translation.override("en"):
        hard = template.render(Context({"text": "Kommunalbestyrelsen behandler borgerforslaget."}))
        easy = template.render(Context({"text": "Vi er her. Du er her."}))
    assert "LIX" in hard
    assert "should have a LIX under 35" in hard
    assert "LIX" in easy
    assert "should have a LIX under 35" not in easy


def test_template_filter_gives_the_result():
    out = Template("{% load socius %}{% with r=text|lix %}{{ r.score }}{% endwith %}").render(
        Context({"text": "Vi er her. Du er her."})
    )
    assert out == "3,0"  # Danish decimal comma
