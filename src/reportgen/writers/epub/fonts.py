"""Embedded fonts: PT Serif (and PT Mono for code) subset to the characters the e-book uses.

Licence. The Debian `fonts-paratype` fonts (PT Serif 1.002, PT Mono) are under the ParaType Free
Font License (see /usr/share/doc/fonts-paratype/copyright), not the OFL. It allows embedding and
modified copies, on two conditions that concern us:
  - a modified font (a subset is one) may not be distributed under the original name "or a
    combination of the original name with any other words" → the subsets are renamed
    "Reportgen Serif" / "Reportgen Mono" in every name record (family, full, PostScript, unique);
  - modified or not, the font goes "only together with this Licensing Agreement and with the
    above copyright notice" → the copyright and licence name records (IDs 0, 7, 13, 14) stay in
    each subset, and the e-book carries the full licence text (`LICENSE_TEXT`) on a colophon
    page that the reader can open from the table of contents.

Which characters go into which style is computed from the rendered XHTML (`styled_chars`), with
the same element → style rules as `styles/ebook.css`, so the subsets are exactly what is shown.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

FONT_DIR = Path("/usr/share/fonts/truetype/paratype")
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Face:
    """One embedded face: the source file, the new family name and the CSS descriptors."""

    key: str  # "serif-regular", …
    source: str  # file name under FONT_DIR
    family: str  # renamed family (never "PT …": licence)
    weight: int
    italic: bool
    path: str = ""  # an installed font chosen for characters the body font lacks (its own name kept)

    @property
    def style_name(self) -> str:
        return {(400, False): "Regular", (400, True): "Italic", (700, False): "Bold", (700, True): "Bold Italic"}[
            (self.weight, self.italic)
        ]

    @property
    def file_name(self) -> str:
        return f"{self.key}.ttf"


SERIF = "Reportgen Serif"
MONO = "Reportgen Mono"

FACES = {
    ("serif", False, False): Face("serif-regular", "PTF55F.ttf", SERIF, 400, False),
    ("serif", False, True): Face("serif-italic", "PTF56F.ttf", SERIF, 400, True),
    ("serif", True, False): Face("serif-bold", "PTF75F.ttf", SERIF, 700, False),
    ("serif", True, True): Face("serif-bolditalic", "PTF76F.ttf", SERIF, 700, True),
    # PT Mono has no italics: italic code is drawn with the upright faces (browsers slant them)
    ("mono", False, False): Face("mono-regular", "PTM55F.ttf", MONO, 400, False),
    ("mono", True, False): Face("mono-bold", "PTM75F.ttf", MONO, 700, False),
}

# element → style, mirroring styles/ebook.css (keep in step with it)
BOLD_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "th"}
ITALIC_TAGS = {"em", "i", "cite", "var", "dfn"}
MONO_TAGS = {"code", "pre", "kbd", "samp", "tt"}
ITALIC_CLASSES = {"see"}
SKIP_TAGS = {"head", "script", "style"}
# characters a renderer may draw that are not in the text: the hyphen shown at a soft-hyphen
# break, list markers
BREAK_HYPHENS = "-\u2010"
LIST_MARKERS = "•◦▪0123456789."

LICENSE_TEXT = """\
Copyright: 2009, ParaType Ltd. All Rights Reserved.

GRANT OF LICENSE
ParaType Ltd grants you the right to use, copy, modify the fonts and distribute
modified and unmodified copies of the fonts by any means, including placing
on Web servers for free downloading, embedding in documents and Web pages,
bundling with commercial and non commercial products, if it does not conflict
with the conditions listed below:

- You may bundle the font with commercial software, but you may not sell the
  fonts by themselves. They are free.

- You may distribute the fonts in modified or unmodified version only together
  with this Licensing Agreement and with above copyright notice. You have no
  right to modify the text of Licensing Agreement. It can be placed in a separate
  text file or inserted into the font file, but it must be easily viewed by users.

- You may not distribute modified version of the font under the Original name
  or a combination of Original name with any other words without explicit written
  permission from ParaType.

TERMINATION & TERRITORY
This license has no limits on time and territory, but it becomes null and void
if any of the above conditions are not met.

DISCLAIMER
THE FONT SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF
ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT OF COPYRIGHT, PATENT, TRADEMARK,
OR OTHER RIGHT. IN NO EVENT SHALL PARATYPE BE LIABLE FOR ANY
CLAIM, DAMAGES OR OTHER LIABILITY, INCLUDING ANY GENERAL, SPECIAL,
INDIRECT, INCIDENTAL, OR CONSEQUENTIAL DAMAGES, WHETHER IN
AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM OTHER
DEALINGS IN THE FONT SOFTWARE.

ParaType Ltd
http://www.paratype.ru
"""


def font_path(file_name: str) -> Path:
    """The installed ParaType font `file_name`, or a user error naming the Debian package."""
    path = FONT_DIR / file_name
    if not path.is_file():
        from ...diagnostics import ReportgenError

        raise ReportgenError(f"font {path} is missing: install the Debian package fonts-paratype (`make deps`)")
    return path


def _local(tag) -> str:
    return tag.split("}", 1)[1] if isinstance(tag, str) and tag.startswith(XHTML) else (tag if isinstance(tag, str) else "")


def styled_chars(documents: list[bytes]) -> dict[tuple[str, bool, bool], set[str]]:
    """The characters each style shows, over all XHTML `documents`: {(family, bold, italic): chars}.

    family is "serif" or "mono"; mono italic counts as mono upright (PT Mono has no italic)."""
    found: dict[tuple[str, bool, bool], set[str]] = {}

    def add(key, text):
        if text:
            found.setdefault(key, set()).update(ch for ch in text if ch not in "\n\r\t")

    def visit(el, family, bold, italic):
        name = _local(el.tag)
        if not name or name in SKIP_TAGS or not el.tag.startswith(XHTML):
            return  # comments, SVG, <head>
        classes = set((el.get("class") or "").split())
        bold = bold or name in BOLD_TAGS
        italic = italic or name in ITALIC_TAGS or bool(classes & ITALIC_CLASSES)
        family = "mono" if name in MONO_TAGS else family
        key = (family, bold, italic and family == "serif")
        add(key, el.text)
        if name == "img":  # shown in the text's font by readers that cannot show the image
            add(key, el.get("alt"))
        if name in ("ol", "ul"):
            add(key, LIST_MARKERS)
        for child in el:
            visit(child, family, bold, italic)
            add(key, child.tail)

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for data in documents:
        root = etree.fromstring(data, parser)
        visit(root, "serif", False, False)
    for chars in found.values():
        if "\u00ad" in chars:
            chars.update(BREAK_HYPHENS)
        chars.discard("")
    return found


def subset(face: Face, chars: set[str]) -> bytes:
    """`face` subset to `chars` (those the font has), renamed, hinting dropped: TTF bytes."""
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    font = TTFont(face.path or str(font_path(face.source)), recalcTimestamp=False)
    cmap = font.getBestCmap()
    unicodes = sorted({ord(c) for c in chars} & set(cmap))
    options = ftsubset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    # tables fontTools cannot subset (FontForge's FFTM in DejaVu Sans) are dropped, as wanted:
    # its "dropped" notes are no message of reportgen's
    options.drop_tables += ["DSIG", "LTSH", "hdmx", "FFTM"]
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    if not face.path:  # ParaType's licence wants a new name; an OFL font may keep its own
        _rename(font, face)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _rename(font, face: Face) -> None:
    """Give the subset its own name in every record (the licence forbids "PT Serif …")."""
    name = font["name"]
    postscript = face.family.replace(" ", "") + "-" + face.style_name.replace(" ", "")
    full = f"{face.family} {face.style_name}" if face.style_name != "Regular" else face.family
    version = name.getDebugName(5) or "Version 1.0"
    legacy_style = face.style_name  # four-style family: ID 1/2 carry it directly
    records = {
        1: face.family,
        2: legacy_style,
        3: f"{postscript};{version};reportgen subset of ParaType original",
        4: full,
        6: postscript,
        10: ("Subset made by reportgen from a ParaType font for this e-book only; renamed as the "
             "ParaType Free Font License requires. Copyright (c) ParaType Ltd."),
    }
    for rec in list(name.names):
        if rec.nameID in (1, 2, 3, 4, 6, 10, 16, 17, 18, 21, 22):
            name.removeNames(nameID=rec.nameID)
    for name_id, text in records.items():
        name.setName(text, name_id, 3, 1, 0x409)
        name.setName(text, name_id, 1, 0, 0)
    if "CFF " in font:  # pragma: no cover - the ParaType fonts are TrueType
        font["CFF "].cff.fontNames = [postscript]
    if "post" in font:
        font["post"].formatType = 3.0  # no glyph names: smaller, and none to keep


def font_face_css(faces: list[Face]) -> str:
    """@font-face rules for the embedded faces (a generated stylesheet next to ebook.css)."""
    rules = []
    for face in faces:
        rules.append(
            "@font-face {\n"
            f'  font-family: "{face.family}";\n'
            f"  font-weight: {face.weight};\n"
            f"  font-style: {'italic' if face.italic else 'normal'};\n"
            f'  src: url("../fonts/{face.file_name}") format("truetype");\n'
            "}\n"
        )
    return "/* generated by reportgen: the embedded font subsets (see the colophon for the licence) */\n" + "".join(rules)


def embed(documents: list[bytes], fallbacks: list = ()) -> list[tuple[Face, bytes]]:
    """The subset fonts the XHTML `documents` need, in a fixed order: [(face, ttf bytes)]; then each
    fallback font (`Document.fonts`) subset to the characters it was chosen for."""
    wanted = styled_chars(documents)
    out = []
    for key, face in FACES.items():
        chars = wanted.get(key, set())
        if not chars or chars <= {" ", "\u00a0"}:
            continue
        out.append((face, subset(face, chars)))
    for number, font in enumerate(fallbacks, 1):
        face = Face(f"fallback-{number}", Path(font.file).name, font.family, 400, False, path=font.file)
        out.append((face, subset(face, set(font.chars))))
    return out
