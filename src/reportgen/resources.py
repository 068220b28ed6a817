"""The images a document uses: each `Image` resolved to a real file inside the project, checked and
measured, so that every writer embeds the same file at the same size — and nothing is ever fetched.

Rules (issue 14 item 6, issue 15): a path is read relative to the source's folder, after `..` and
symlinks are resolved it must lie inside the project (safety.allowed_roots); a missing or unreadable
file, or one that is no PNG, JPEG, GIF or SVG, is an error at the image's file:line:column; a remote
image (`http:`, `https:`, `//`…) is a warning and shows its alt text.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

from . import model as m
from .diagnostics import ReportgenError
from .safety import allowed_roots, check_path

_REMOTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
# a file name an image reference may hold, for the build cache's key (cache.output_key): every
# such name in the source, whether or not the reader makes it an image, counts as an input
#: (a match starts only where a name can start: from every letter of a long run it read the run
#: to its end again — quadratic, 6 s on one 40 000-letter word)
IMAGE_NAME = re.compile(r"""(?<![^\s()<>\[\]"'{}])[^\s()<>\[\]"'{}]+\.(?:png|jpe?g|gif|svg)\b""", re.I)
CSS_PX_PER_INCH = 96.0


def resources(doc: m.Document, options) -> None:
    """The resources transform: set `path`, `kind` and the natural size of each local image."""
    source = Path(doc.source)
    roots = allowed_roots(Path(options.project_root), source)
    for image in m.query(doc, m.Image):
        locate(image, source, roots, options.warnings)


def locate(image: m.Image, source: Path, roots: list[Path], warnings=None) -> None:
    """Resolve and measure one image (see the module docstring)."""
    where = (str(source), image.line, image.column)
    if _REMOTE.match(image.src):
        if warnings is not None:
            warnings.add(*where, f"image {image.src} is not fetched (reportgen never uses the network); "
                                 "its alt text is shown: download it into the project and give its path")
        return
    if not image.src:
        raise ReportgenError("an image without a path: write ![caption](file.png)", *where)
    path = source.parent / image.src
    try:
        real = check_path(path, roots, "an image")
    except ReportgenError:
        raise ReportgenError(f"image {image.src} is outside the project; copy it next to the source", *where) from None
    try:
        data = real.read_bytes()
    except FileNotFoundError:
        raise ReportgenError(f"image {image.src} not found; put the file there or correct the path", *where) from None
    except OSError as exc:
        raise ReportgenError(f"image {image.src} cannot be read ({exc.strerror})", *where) from None
    try:
        kind, width, height = measure(data)
    except ValueError as exc:
        raise ReportgenError(f"image {image.src}: {exc}", *where) from None
    image.path, image.kind, image.width_px, image.height_px = str(real), kind, width, height


def measure(data: bytes) -> tuple[str, float, float]:
    """The kind of an image file and its natural size in CSS pixels (its own resolution honoured:
    a 300 dpi PNG is a third of its pixel size), from the bytes (no decoding)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        width, height = struct.unpack(">II", data[16:24])
        dpi = _png_dpi(data)
        return "png", width * CSS_PX_PER_INCH / dpi, height * CSS_PX_PER_INCH / dpi
    if data.startswith(b"\xff\xd8"):
        width, height, dpi = _jpeg_size(data)
        return "jpeg", width * CSS_PX_PER_INCH / dpi, height * CSS_PX_PER_INCH / dpi
    if data[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", data[6:10])
        return "gif", float(width), float(height)
    head = data[:4096].decode("utf-8", "replace")
    if "<svg" in head:
        return ("svg", *_svg_size(head))
    raise ValueError("not a PNG, JPEG, GIF or SVG file; convert it to one of these")


def _png_dpi(data: bytes) -> float:
    """The PNG's pHYs resolution (pixels per metre, unit 1), or 96 dpi when it gives none."""
    at = data.find(b"pHYs", 0, 4096)
    if at > 0:
        x, _y, unit = struct.unpack(">IIB", data[at + 4: at + 13])
        if unit == 1 and x > 0:
            return x * 0.0254
    return CSS_PX_PER_INCH


def _jpeg_size(data: bytes) -> tuple[int, int, float]:
    """Width and height from the first SOF marker; the JFIF density if given in dots per inch."""
    dpi = CSS_PX_PER_INCH
    if data[6:11] == b"JFIF\x00" and data[13] == 1:
        dpi = float(struct.unpack(">H", data[14:16])[0]) or CSS_PX_PER_INCH
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2: i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5: i + 9])
            return width, height, dpi
        i += 2 + length
    raise ValueError("a JPEG file without its size (damaged?)")


_LENGTH = re.compile(r"^\s*([\d.]+)\s*(px|pt|mm|cm|in|)\s*$")
_UNIT_PX = {"": 1.0, "px": 1.0, "pt": 96 / 72, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


def _svg_size(head: str) -> tuple[float, float]:
    """An SVG's width and height attributes (absolute units), else its viewBox, else 300×150 (CSS)."""
    tag = re.search(r"<svg\b[^>]*>", head, re.S)
    text = tag.group(0) if tag else ""

    def attribute(name: str) -> float | None:
        found = re.search(rf'\s{name}\s*=\s*["\']([^"\']*)["\']', text)
        length = _LENGTH.match(found.group(1)) if found else None
        return float(length.group(1)) * _UNIT_PX[length.group(2)] if length else None

    width, height = attribute("width"), attribute("height")
    box = re.search(r'viewBox\s*=\s*["\']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', text)
    if box and float(box.group(1)) > 0:
        ratio = float(box.group(2)) / float(box.group(1))
        if width and not height:
            height = width * ratio
        elif height and not width:
            width = height / ratio
        elif not width:
            width, height = float(box.group(1)), float(box.group(2))
    return (width or 300.0), (height or 150.0)


def display_size(image: m.Image, text_width_px: float) -> tuple[float, float]:
    """The size an image is set at, in CSS pixels: `width`/`height` attributes (`50%` of the text
    width, `8cm`, `300px`…), the other side kept in proportion; else the natural size; never wider
    than the text."""
    natural_w = image.width_px or text_width_px
    natural_h = image.height_px or natural_w * 0.75
    width = _length(image.attrs.get("width", ""), text_width_px)
    height = _length(image.attrs.get("height", ""), None)
    if width and not height:
        height = width * natural_h / natural_w
    elif height and not width:
        width = height * natural_w / natural_h
    elif not width:
        width, height = natural_w, natural_h
    if width > text_width_px:
        width, height = text_width_px, height * text_width_px / width
    return width, height


def _length(value: str, percent_of: float | None) -> float | None:
    value = value.strip()
    if value.endswith("%") and percent_of:
        try:
            return float(value[:-1]) / 100 * percent_of
        except ValueError:
            return None
    match = _LENGTH.match(value)
    return float(match.group(1)) * _UNIT_PX[match.group(2)] if match else None
