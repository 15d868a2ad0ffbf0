"""The bundled fonts cover Vietnamese and the signs the reports print."""

import unicodedata

import pytest
from fontTools.ttLib import TTFont

from survey.reports.render import STATIC_DIR

FONTS = sorted((STATIC_DIR / "fonts").glob("*.ttf"))
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
LETTERS = {unicodedata.normalize("NFC", v + t) for v in VOWELS + VOWELS.upper() for t in TONES}
SIGNS = set("ĐđατφχÂ²–—−“”•")


def test_the_bundled_set_with_its_licence():
    assert {f.name for f in FONTS} == {
        "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf",
        "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"}
    assert "SIL-OFL-1.1" in (STATIC_DIR / "fonts" / "LICENSE-Liberation.txt").read_text()


@pytest.mark.parametrize("path", FONTS, ids=lambda p: p.name)
def test_vietnamese_coverage(path):
    assert len(LETTERS) == 144
    cmap = TTFont(path).getBestCmap()
    missing = sorted(c for c in LETTERS | SIGNS if ord(c) not in cmap)
    assert missing == []
