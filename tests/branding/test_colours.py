"""WCAG 2 contrast ratios, checked against values computed by hand."""

import pytest

from assessor.branding import colours


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [
        ("#000000", "#ffffff", "21.00:1"),
        ("#ffffff", "#ffffff", "1.00:1"),
        ("#767676", "#ffffff", "4.54:1"),  # the lightest grey that passes on white
        ("#777777", "#ffffff", "4.47:1"),  # 4.478: fails (WebAIM rounds it to 4.48)
        ("#1d4ed8", "#ffffff", "6.70:1"),
        ("#0b1f3a", "#ffffff", "16.51:1"),
        ("#ffff00", "#111827", "16.51:1"),
    ],
)
def test_contrast_ratio(a, b, ratio):
    assert colours.shown(colours.contrast_ratio(a, b)) == ratio
    assert colours.shown(colours.contrast_ratio(b, a)) == ratio


def test_a_ratio_is_never_rounded_up_past_the_threshold():
    assert colours.shown(4.4999) == "4.49:1"


def test_text_on_picks_the_better_of_white_and_ink():
    assert colours.text_on("#0b1f3a").text == colours.WHITE
    assert colours.text_on("#facc15").text == colours.INK
    mid = colours.text_on("#808080")  # mid grey: neither reaches 4.5:1
    assert not mid.readable
    assert colours.shown(mid.ratio) == "4.49:1"


@pytest.mark.parametrize(
    ("value", "expected"), [("#ABCDEF", "#abcdef"), ("abc", "#aabbcc"), (" #123456 ", "#123456")]
)
def test_normalize(value, expected):
    assert colours.normalize(value) == expected


@pytest.mark.parametrize("value", ["", "#12345", "#1234567", "red", "#12345g", "url(#x)"])
def test_normalize_refuses_anything_but_a_hex_colour(value):
    with pytest.raises(ValueError):
        colours.normalize(value)
