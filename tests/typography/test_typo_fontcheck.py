"""Characters the body font lacks: set in the fallback font the front matter names, else in an
installed font for their script (typography/fallback.py, tests/typography/test_fallback.py); the
build fails only for a character no font has (here U+F0000, private use: no font has it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from reportgen.diagnostics import ReportgenError
from reportgen.pipeline import Options, load

NOTO = Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")


def write(tmp_path: Path, front: str, body: str) -> Path:
    source = tmp_path / "source" / "doc.md"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(f"---\ntitle: Т\n{front}---\n\n{body}\n", encoding="utf-8")
    return source


def test_missing_glyph_fails_with_character_and_line(tmp_path):
    source = write(tmp_path, "", "Бағасы 500 \U000F0000 болды.")
    with pytest.raises(ReportgenError) as info:
        load(source, Options(project_root=tmp_path))
    d = info.value.diagnostic
    assert "U+F0000" in d.message and "line 5" in d.message and "no installed font has them" in d.message


def test_fallback_font_turns_it_into_a_warning(tmp_path):
    fonts = tmp_path / "source" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(NOTO, fonts / "fallback.ttf")
    source = write(tmp_path, "fonts:\n  fallback: fonts/fallback.ttf\n", "Бағасы 500 ₸ болды.")
    options = Options(project_root=tmp_path)
    load(source, options)
    assert any("U+20B8" in w.message and "fallback" in w.message for w in options.warnings)


def test_fallback_outside_the_project_is_refused(tmp_path):
    source = write(tmp_path, f"fonts:\n  fallback: {NOTO}\n", "Бағасы 500 ₸ болды.")
    with pytest.raises(ReportgenError) as info:
        load(source, Options(project_root=tmp_path))
    assert "outside the project" in info.value.diagnostic.message


def test_the_essay_is_covered():
    options = Options()
    load(Path(__file__).resolve().parents[2] / "source" / "essay.md", options)
    assert not [w for w in options.warnings if "font" in w.message]


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060"])
def test_zero_width_characters_need_no_glyph(tmp_path, char):
    """Protection: fontcheck.RENDER_MAP; PT Serif has no glyph for these default-ignorable
    characters, and the font check failed the build."""
    source = write(tmp_path, f"subtitle: 'Кіші{char}тақырып'\n", f"Сөз{char}сөз, *көл{char}бе* және **қалың{char}сөз**.")
    options = Options(project_root=tmp_path)
    load(source, options)
    assert not [w for w in options.warnings if "font" in w.message]


def test_a_missing_glyph_beside_a_zero_width_character_still_fails(tmp_path):
    source = write(tmp_path, "", "Бағасы\u200b500 \U000F0000 болды.")
    with pytest.raises(ReportgenError) as info:
        load(source, Options(project_root=tmp_path))
    assert "U+F0000" in info.value.diagnostic.message and "U+200B" not in info.value.diagnostic.message


def test_zero_width_characters_build_in_every_format(tmp_path):
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    source = write(tmp_path, "", "Сөз\u200bсөз\u200cсөз\u200dсөз\u2060сөз.")
    result = run_cli("build", str(source), "--out", str(tmp_path / "out"), "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "out").glob("doc.*")) == ["doc.docx", "doc.epub", "doc.pdf"]
