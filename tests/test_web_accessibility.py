"""Accessibility that can be checked without a browser: text contrast in the
stylesheet (WCAG AA, 4.5:1), labels, landmarks, and a keyboard-friendly order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import service.api

STYLESHEET = Path(service.api.__file__).parent / "static" / "style.css"
AA_NORMAL_TEXT = 4.5

# (foreground variable, background variable) pairs that the pages put together
PAIRS = [
    ("--text", "--bg"),
    ("--muted", "--bg"),
    ("--link", "--bg"),
    ("--focus", "--bg"),
    ("--myth", "--bg"),
    ("--myth", "--myth-bg"),
    ("--consistent", "--consistent-bg"),
    ("--text", "--myth-bg"),
    ("--text", "--consistent-bg"),
    ("--text", "--none-bg"),
    ("--muted", "--myth-bg"),
    ("--muted", "--consistent-bg"),
    ("--muted", "--none-bg"),
    ("--bg", "--link"),  # the button's white text
    ("--text", "--myth-mark"),  # a marked sentence of a checked post
    ("--text", "--consistent-mark"),
    ("--link", "--myth-bg"),  # links inside a finding
    ("--link", "--consistent-bg"),
]


def _variables() -> dict[str, str]:
    css = STYLESHEET.read_text("utf-8")
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", css))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("foreground,background", PAIRS)
def test_text_colours_meet_wcag_aa(foreground, background):
    colours = _variables()
    ratio = contrast(colours[foreground], colours[background])
    assert ratio >= AA_NORMAL_TEXT, f"{foreground} on {background}: {ratio:.2f}:1"


def test_focus_is_always_visible():
    css = STYLESHEET.read_text("utf-8")
    assert re.search(r":focus-visible\s*\{[^}]*outline:\s*3px solid", css)
    assert "outline: none" not in css and "outline:0" not in css.replace(" ", "")


def test_pages_have_landmarks_a_skip_link_and_no_positive_tabindex(model_dir):
    from test_api_helpers import api_client

    with api_client(model_dir) as client:
        pages = [client.get("/").text, client.post("/", data={"claims": "coffee"}).text]
    for html in pages:
        assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
        assert "<header" in html and "<footer" in html
        assert not re.search(r'tabindex="[1-9]', html)
        assert re.search(r"<h1>[^<]+</h1>", html)
