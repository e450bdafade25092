"""Property tests of the two pure cores every surface stands on.

``Classifier.check``: whatever it is given, it answers or raises InputError
(nothing else), the same input always gets the same answer (alone or inside a
batch), confidences are probabilities and candidates come best first.

``split_sentences`` and ``scan_text``: for any Unicode text in any markup,
offsets lie inside the text, ``text[start:end]`` is the sentence, sentences go
forward without overlapping, and the same text always splits the same way.
(tests/test_sentences.py fuzzes the rules with a markup-heavy alphabet; here the
text is any Unicode, lone surrogates and odd line breaks included.)

Bounded and derandomized; ``MYTHCHECK_FUZZ_EXAMPLES`` runs longer (fuzzing.py).
"""

from __future__ import annotations

import re

from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from claims.errors import InputError
from claims.markup import MARKUPS
from claims.result import MAX_CANDIDATES
from claims.sentences import split_sentences
from claims.verdict import Verdict
from model.scan import scan_text

WORDS = [
    "mTOR", "fasting", "coffee", "protein", "whey", "cancer", "autophagy", "insulin",
    "rapamycin", "activates", "turns", "off", "does", "not", "reset", "body", "muscle",
    "myth", "never", "always", "the", "a", "is", "and", "leucine", "tumours", "aging",
]  # fmt: skip
LINE_BREAKS = ["\n", "\r\n", "\r", "\n\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"]
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

TEXT = st.one_of(
    st.text(),
    st.text(st.characters(codec=None, exclude_categories=())),  # every code point
    st.lists(
        st.sampled_from(WORDS) | st.sampled_from(LINE_BREAKS) | st.text(max_size=4)
        | st.sampled_from([".", "!", "?", "…", "e.g.", "Dr.", "<p>", "</p>", "# ", "- "]),
        max_size=40,
    ).map(" ".join),
    st.lists(st.text(max_size=3) | SURROGATES, max_size=10).map("".join),
)  # fmt: skip
"""Any text: arbitrary Unicode, every code point (lone surrogates included), and
runs of the words and punctuation the model and the splitter care about."""
NOT_TEXT = st.one_of(st.none(), st.integers(), st.floats(), st.binary(max_size=8),
                     st.lists(st.integers(), max_size=2), st.dictionaries(st.text(), st.text(),
                                                                           max_size=1))  # fmt: skip
CONFIDENCE = st.none() | st.floats()  # NaN, infinities and out-of-range values included


def _answer(classifier, claims, min_confidence, max_chars):
    """The dumped results, or the InputError's code; any other exception escapes."""
    try:
        results = classifier.check(claims, min_confidence, max_chars=max_chars)
    except InputError as error:
        return error.code
    return [result.model_dump(mode="json") for result in results]


@fuzz_settings(200)
@given(
    claims=TEXT | st.lists(TEXT | NOT_TEXT, max_size=5),
    min_confidence=CONFIDENCE,
    max_chars=st.sampled_from([1, 5, 40, 2_000]),
)
def test_check_answers_any_input_or_raises_input_error_and_repeats_itself(
    classifier, catalogue, claims, min_confidence, max_chars
):
    answer = _answer(classifier, claims, min_confidence, max_chars)
    assert _answer(classifier, claims, min_confidence, max_chars) == answer
    if isinstance(answer, str):
        return  # refused with InputError, and with the same code again
    assert len(answer) == (1 if isinstance(claims, str) else len(claims))
    for result in answer:
        assert 0.0 <= result["confidence"] <= 1.0
        candidates = result["candidates"]
        assert len(candidates) <= MAX_CANDIDATES
        assert all(0.0 <= c["confidence"] <= 1.0 for c in candidates)
        assert all(c["myth_id"] in catalogue for c in candidates)
        assert [c["confidence"] for c in candidates] == sorted(
            (c["confidence"] for c in candidates), reverse=True
        )
        if result["verdict"] == Verdict.NO_MATCH.value:
            assert result["myth_id"] is None and result["reason"] is not None
        else:
            assert result["myth_id"] in catalogue and result["reason"] is None


@fuzz_settings(100)
@given(claim=TEXT, others=st.lists(TEXT, min_size=1, max_size=4), position=st.integers(0, 4))
def test_a_claim_gets_the_same_answer_alone_and_inside_any_batch(
    classifier, claim, others, position
):
    try:
        alone = classifier.check([claim])[0]
        batch = [*others[:position], claim, *others[position:]]
        inside = classifier.check(batch)[min(position, len(others))]
    except InputError:
        return
    assert inside == alone


def _assert_offsets(text: str, spans: list[tuple[int, int, str]]) -> None:
    previous_end = 0
    for start, end, sentence in spans:
        assert 0 <= previous_end <= start < end <= len(text)
        assert text[start:end] == sentence
        previous_end = end


@fuzz_settings(300)
@given(text=TEXT, markup=st.sampled_from(MARKUPS), max_chars=st.sampled_from([1, 3, 17, 2_000]))
def test_sentences_lie_inside_the_text_in_order_and_split_the_same_every_time(
    text, markup, max_chars
):
    sentences = split_sentences(text, markup, max_chars=max_chars)
    _assert_offsets(text, [(s.start, s.end, s.source) for s in sentences])
    assert all(0 < len(s.text) <= max_chars for s in sentences)
    assert split_sentences(text, markup, max_chars=max_chars) == sentences


@fuzz_settings(100)
@given(text=TEXT, markup=st.sampled_from(MARKUPS))
def test_every_scan_finding_points_at_its_sentence_in_the_text(classifier, text, markup):
    try:
        report = scan_text(classifier, text, include_all=True, markup=markup)
    except InputError as error:  # a sentence holding a lone surrogate is not text
        assert error.code == "invalid_text" and _LONE_SURROGATE.search(text)
        return
    _assert_offsets(text, [(f.start, f.end, f.sentence) for f in report.findings])
    assert report.sentences == len(report.findings)
    assert scan_text(classifier, text, include_all=True, markup=markup) == report
