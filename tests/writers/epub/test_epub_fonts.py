"""The embedded fonts: every character shown is in the subset of its style, only the styles used are
embedded, the subsets are small and renamed (ParaType licence), and the licence travels with them."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont

from epub_helpers import NS, built, opf, unpack, xhtml_files, xml

H = "{%s}" % NS["h"]
# element → style, written out independently of writers/epub/fonts.py
BOLD = {"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b"}
ITALIC = {"em", "i"}
MONO = {"code", "pre"}


def _faces(files):
    """{(family, weight, style): TTFont} from the generated @font-face rules."""
    css = files["EPUB/css/fonts.css"].decode()
    faces = {}
    for rule in re.findall(r"@font-face\s*{([^}]*)}", css):
        family = re.search(r'font-family:\s*"([^"]+)"', rule).group(1)
        weight = int(re.search(r"font-weight:\s*(\d+)", rule).group(1))
        style = re.search(r"font-style:\s*(\w+)", rule).group(1)
        url = re.search(r'url\("\.\./([^"]+)"\)', rule).group(1)
        faces[(family, weight, style)] = TTFont(io.BytesIO(files[f"EPUB/{url}"]))
    return faces


def _shown(root):
    """(char, family, bold, italic) for every character of visible text in an XHTML tree."""
    out = []

    def visit(el, mono, bold, italic):
        if not isinstance(el.tag, str) or el.tag in (f"{H}head",):
            return
        name = el.tag.replace(H, "")
        mono = mono or name in MONO
        bold = bold or name in BOLD
        italic = italic or name in ITALIC or "see" in (el.get("class") or "").split()
        for ch in el.text or "":
            out.append((ch, mono, bold, italic))
        for child in el:
            visit(child, mono, bold, italic)
            for ch in child.tail or "":
                out.append((ch, mono, bold, italic))

    visit(root, False, False, False)
    return [(ch, m, b, i) for ch, m, b, i in out if ch not in "\n\t\r"]


@pytest.mark.parametrize("kind", ["essay", "sample", "sample-noshy", "essay-index"])
def test_every_character_is_in_the_embedded_font_of_its_style(kind):
    files = unpack(built(kind))
    faces = _faces(files)
    cmaps = {key: font.getBestCmap() for key, font in faces.items()}
    missing = set()
    checked = 0
    for name, data in xhtml_files(files).items():
        for ch, mono, bold, italic in _shown(xml(data)):
            family = "Reportgen Mono" if mono else "Reportgen Serif"
            key = (family, 700 if bold else 400, "italic" if italic and not mono else "normal")
            assert key in cmaps, f"{name}: {key} is used but not embedded"
            checked += 1
            if ord(ch) not in cmaps[key]:
                missing.add((name, key, f"U+{ord(ch):04X} {ch!r}"))
    assert checked > 1000
    assert not missing, sorted(missing)


def test_only_the_styles_used_are_embedded():
    essay = _faces(unpack(built("essay")))
    sample = _faces(unpack(built("sample")))
    # the sample has bold, italic, bold italic and code; the essay no code
    assert ("Reportgen Serif", 700, "italic") in sample
    assert ("Reportgen Mono", 400, "normal") in sample
    assert not any(family == "Reportgen Mono" for family, _, _ in essay)
    files = unpack(built("essay"))
    manifest_fonts = [i.get("href") for i in opf(files).iterfind("opf:manifest/opf:item", NS)
                      if i.get("media-type") == "font/ttf"]
    assert len(manifest_fonts) == len(essay)
    assert sorted(n for n in files if n.startswith("EPUB/fonts/")) == sorted(f"EPUB/{h}" for h in manifest_fonts)


@pytest.mark.parametrize("kind", ["essay", "sample"])
def test_subsets_are_small_and_renamed_and_keep_the_licence(kind):
    files = unpack(built(kind))
    for key, font in _faces(files).items():
        names = font["name"]
        for name_id in (1, 3, 4, 6, 16, 17, 21, 22):
            value = names.getDebugName(name_id)
            if value:
                assert "PT " not in value and "PTSerif" not in value and "PTMono" not in value, (key, name_id, value)
        assert names.getDebugName(1) == key[0]
        assert "ParaType" in names.getDebugName(0)  # the copyright notice stays
        assert "ParaType" in names.getDebugName(13)  # the licence description stays
        assert len(font.getGlyphOrder()) < 300
    sizes = {n: len(d) for n, d in files.items() if n.startswith("EPUB/fonts/")}
    assert all(size < 60_000 for size in sizes.values()), sizes
    colophon = xml(files["EPUB/colophon.xhtml"])
    text = " ".join("".join(colophon.itertext()).split())
    assert "GRANT OF LICENSE" in text and "You may not distribute modified version of the font under the Original name" in text
    assert "Copyright" in text and "ParaType" in text
    assert "Reportgen Serif" in text and "PT Serif" in text
