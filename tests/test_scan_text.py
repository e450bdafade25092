"""``model.scan``: sample posts checked sentence by sentence against their
``.expected`` files (tests/fixtures/scan/posts: a new post is a new pair of
files), the Finding contract, batching, and awkward input."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.errors import InputError
from claims.finding import LOCATION_FIELDS, Finding, ScanReport
from claims.markup import markup_of
from claims.result import CheckResult
from claims.sentences import split_sentences
from claims.verdict import Verdict
from model.scan import scan_sentences, scan_text

POSTS = Path(__file__).parent / "fixtures" / "scan" / "posts"
POST_FILES = sorted(p for p in POSTS.iterdir() if p.suffix != ".expected")


def _expected(post: Path) -> list[list[str]]:
    """(line:column, verdict, myth_id, sentence[, note]) per line of the post's
    .expected file; a note starting "known miss:" marks a sentence the model is
    known to get wrong."""
    lines = post.with_suffix(".expected").read_text("utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def _known_miss(expected: list[str]) -> bool:
    return len(expected) > 4 and expected[4].startswith("known miss:")


def _scan(classifier, post: Path, **options) -> tuple[str, ScanReport]:
    text = post.read_text("utf-8")
    return text, scan_text(classifier, text, markup=markup_of(post.name), **options)


@pytest.mark.parametrize("post", POST_FILES, ids=lambda post: post.name)
def test_sample_post_is_judged_sentence_by_sentence(classifier, post):
    _, report = _scan(classifier, post, include_all=True)
    got = [[f"{f.line}:{f.column}", f.verdict.value, f.myth_id or "", f.claim]
           for f in report.findings]  # fmt: skip
    expected = _expected(post)
    assert [e[0] for e in expected] == [g[0] for g in got], "the sentences differ"
    assert report.sentences == len(got)
    wrong = [(e, g) for e, g in zip(expected, got, strict=True) if e[:4] != g]
    assert [e for e, _ in wrong if not _known_miss(e)] == [], wrong
    missed = [e for e, _ in wrong]
    fixed = [e[3] for e in expected if _known_miss(e) and e not in missed]
    assert not fixed, f"now right, remove the known-miss note: {fixed}"
    if wrong:
        pytest.xfail("; ".join(f"{e[3]!r}: {e[4]}" for e, _ in wrong))


@pytest.mark.parametrize("post", POST_FILES, ids=lambda post: post.name)
def test_findings_point_at_their_sentences_in_the_original_text(classifier, post):
    text, report = _scan(classifier, post, include_all=True)
    for finding in report.findings:
        assert text[finding.start : finding.end] == finding.sentence
        assert finding.line == text.count("\n", 0, finding.start) + 1


def test_by_default_only_myths_and_rebuttals_are_findings(classifier):
    post = POSTS / "supplements.txt"
    _, report = _scan(classifier, post)
    assert report.sentences == 5
    assert [f.verdict for f in report.findings] == [
        Verdict.MYTH, Verdict.CONSISTENT, Verdict.MYTH
    ]  # fmt: skip
    assert report.repeats_myth


def test_post_without_myths_has_no_findings(classifier):
    report = scan_text(classifier, "My cat knocked a glass of water off the table. It broke.")
    assert (report.sentences, report.findings, report.repeats_myth) == (2, [], False)


@pytest.mark.parametrize("text", ["", "   \n\n", "🔥🔥", "```\ncode only\n```"])
def test_text_without_sentences_gives_an_empty_report(classifier, text):
    assert scan_text(classifier, text) == ScanReport(sentences=0, findings=[])


def test_raising_the_threshold_never_adds_findings(classifier):
    text = "".join(p.read_text("utf-8") + "\n\n" for p in POST_FILES if p.suffix == ".md")
    default = {(f.start, f.myth_id) for f in scan_text(classifier, text).findings}
    strict = {(f.start, f.myth_id) for f in scan_text(classifier, text, 0.99).findings}
    assert strict <= default


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_bad_min_confidence_is_rejected_even_for_an_empty_text(classifier, value):
    with pytest.raises(InputError, match="between 0 and 1"):
        scan_text(classifier, "", min_confidence=value)


@pytest.mark.parametrize("bad", [None, 42, b"Coffee activates mTOR."])
def test_non_text_is_rejected(classifier, bad):
    with pytest.raises(InputError, match="must be text"):
        scan_text(classifier, bad)


def test_sentences_of_many_posts_are_checked_in_batches_not_one_by_one(classifier, monkeypatch):
    # Given the sentences of every sample post and a classifier that counts its calls
    documents = [split_sentences(p.read_text("utf-8"), markup_of(p.name)) for p in POST_FILES]
    calls = []
    check = classifier.check
    monkeypatch.setattr(classifier, "check", lambda claims, *a: calls.append(len(claims))
                        or check(claims, *a))  # fmt: skip
    # When they are scanned with the default batch, and with batches of 3 sentences
    together = list(scan_sentences(classifier, documents))
    small = list(scan_sentences(classifier, documents, batch_sentences=3))
    # Then one call covers all posts, small batches give the same reports
    assert calls[0] == sum(map(len, documents))
    assert len(calls) > 2 and all(size <= 3 for size in calls[1:])
    assert small == together
    assert [r.sentences for r in together] == [len(d) for d in documents]


def test_a_long_sentence_run_is_checked_in_pieces_under_the_limit(classifier):
    text = "Fasting turns off mTOR and resets your body " * 400  # one 17,600-character run
    report = scan_text(classifier, text, include_all=True)
    assert report.sentences == len(report.findings) > 1
    assert all(text[f.start : f.end] == f.sentence for f in report.findings)


def test_finding_is_a_check_result_with_a_location():
    assert set(CheckResult.model_fields) < set(Finding.model_fields)
    assert set(Finding.model_fields) - set(CheckResult.model_fields) == set(LOCATION_FIELDS)


def test_finding_record_puts_the_location_first(classifier):
    finding = scan_text(classifier, "Berberine shuts down mTOR in humans.").findings[0]
    record = finding.record()
    assert list(record)[: len(LOCATION_FIELDS)] == list(LOCATION_FIELDS)
    assert record == finding.model_dump(mode="json")
