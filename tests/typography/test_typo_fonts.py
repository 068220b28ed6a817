"""Font coverage check with fontTools against PT Serif (Debian fonts-paratype)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import model as m
from reportgen.diagnostics import ReportgenError
from reportgen.reader import read_string
from reportgen.typography.fonts import PT_SERIF, characters_by_style, check_coverage

pytestmark = pytest.mark.skipif(not PT_SERIF["regular"].is_file(), reason="fonts-paratype is not installed")
NOTO = Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")
KAZAKH = "Ә Ғ Қ Ң Ө Ұ Ү Һ І ә ғ қ ң ө ұ ү һ і « » „ “ — – … № \u00a0 \u2011 \u00ad"


def doc(source: str) -> m.Document:
    return read_string(source, "essay.md")


def test_pt_serif_covers_kazakh_in_every_style():
    d = doc(f"# {KAZAKH}\n\n{KAZAKH} *{KAZAKH}* **{KAZAKH} *{KAZAKH}***\n")
    assert check_coverage(d, PT_SERIF) == []


def test_styles_are_collected():
    d = doc("# Бас\n\nа *б* **в *г***[^1]\n\n[^1]: д\n")
    used = characters_by_style(d)
    assert set(used["bold"]) >= {"Б", "а", "с", "в"}
    assert "б" in used["italic"] and "г" in used["bolditalic"] and "д" in used["regular"]


def test_missing_narrow_nbsp_is_an_error_with_line():
    d = doc("Бірінші жол.\n\n46\u202f800 адам\n")
    with pytest.raises(ReportgenError) as err:
        check_coverage(d, PT_SERIF)
    message = str(err.value)
    assert "U+202F" in message and "line 3" in message and "PTF55F.ttf" in message
    assert err.value.diagnostic.line == 3


def test_missing_in_italic_only():
    d = doc("Мәтін *\u2605*\n")
    with pytest.raises(ReportgenError, match=r"U\+2605 '★' \(italic, PTF56F.ttf; line 1\)"):
        check_coverage(d, PT_SERIF)


def test_no_break_hyphen_checked_as_rendered_or_itself():
    d = doc("БҰҰ\u2011ның\n")
    assert check_coverage(d, PT_SERIF) == []
    assert check_coverage(d, PT_SERIF, render_map={}) == []  # PT Serif has U+2011 itself


def test_hyphen_u2010_is_missing_from_pt_serif():
    d = doc("ба\u2010ла\n")
    with pytest.raises(ReportgenError, match="U\\+2010"):
        check_coverage(d, PT_SERIF)


@pytest.mark.skipif(not NOTO.is_file(), reason="fonts-noto-core is not installed")
def test_fallback_font_turns_error_into_report():
    d = doc("46\u202f800 адам\n")
    [missing] = check_coverage(d, PT_SERIF, fallback=NOTO)
    assert missing.char == "\u202f" and missing.in_fallback and missing.lines == [1]


def test_extra_writer_text_is_checked():
    d = doc("мәтін\n")
    with pytest.raises(ReportgenError, match="U\\+2605"):
        check_coverage(d, PT_SERIF, extra={"bold": "Мазмұны \u2605"})


def test_missing_font_file_is_a_user_error(tmp_path):
    with pytest.raises(ReportgenError, match="font file not found"):
        check_coverage(doc("а\n"), {"regular": tmp_path / "none.ttf"})
