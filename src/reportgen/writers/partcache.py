"""The parts of a long PDF kept between builds, so that a rebuild lays out again only the chapters
that changed (issue 19; writers/parts.py).

In the output folder, `.reportgen-parts/`: each part's PDF as `<key>.pdf` and `index.json`, which
maps each key to the page the part was numbered from, the SHA-256 of its file and what its layout
told (pages, anchors, page starts, bookmarks). A key is the digest of everything the part's layout
reads — its HTML and CSS, the styles, templates, options and code (`cache.layout_key`) — so a part
is reused only where its layout would be the same, and only if numbered from the same page and its
file still has the bytes recorded. Written under the build's lock, through temporary files and
renames, never through a symlink; the folder keeps only the last build's parts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path

from .. import outdir
from ..pagination import PageStart

FOLDER = ".reportgen-parts"
INDEX = "index.json"
MAX_INDEX_BYTES = 64 << 20
FRONT_PAGES = "front_pages"  # in the index beside the parts' keys (64 hex digits each)


def key(layout_key: str, kind: str, html: str, css: str = "") -> str:
    """A part's content key."""
    data = json.dumps([layout_key, kind, html, css], ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()


def to_json(laid) -> dict:
    return {"pages": laid.pages, "anchors": laid.anchors,
            "starts": [[s.page, s.block, s.offset, s.text] for s in laid.starts],
            "marks": [[[list(b[:2]) + [list(b[2]), b[3]] for b in bookmarks], height] for bookmarks, height in laid.marks]}


def from_json(data: dict, laid_type):
    return laid_type(int(data["pages"]), {str(k): int(v) for k, v in data["anchors"].items()},
                     [PageStart(int(p), None if b is None else int(b), int(o), str(t)) for p, b, o, t in data["starts"]],
                     [([(int(level), str(label), (float(x), float(y)), str(state)) for level, label, (x, y), state in bookmarks],
                       float(height)) for bookmarks, height in data["marks"]], [])


class PartCache:
    """The kept parts of the PDFs built into one output folder."""

    def __init__(self, out: Path):
        self.folder = Path(out) / FOLDER
        self.entries: dict[str, dict] = {}
        self.front_pages = 0  # the last build's front (title page, contents): a first guess of its length
        self.usable = self._folder_ok(create=False)
        if self.usable:
            self._load()

    def _folder_ok(self, create: bool) -> bool:
        """The folder is a real folder (not a link) of ours, made if asked."""
        try:
            mode = os.lstat(self.folder).st_mode
        except FileNotFoundError:
            if not create:
                return False
            try:
                os.mkdir(self.folder, 0o755)
            except OSError:
                return False
            return True
        except OSError:
            return False
        return stat.S_ISDIR(mode)

    def _load(self) -> None:
        data = outdir.read_small(self.folder / INDEX, MAX_INDEX_BYTES)
        try:
            entries = json.loads(data) if data else {}
        except ValueError:
            entries = {}
        if isinstance(entries, dict):  # anything unexpected: nothing kept
            front_pages = entries.get(FRONT_PAGES)
            self.front_pages = front_pages if isinstance(front_pages, int) and 0 < front_pages < 10_000 else 0
            self.entries = {k: v for k, v in entries.items()
                            if isinstance(v, dict) and isinstance(v.get("first"), int) and isinstance(v.get("sha"), str)
                            and isinstance(v.get("laid"), dict)}

    def laid(self, part_key: str, laid_type):
        """What the kept part of this key told of its layout, or None."""
        entry = self.entries.get(part_key)
        if entry is None:
            return None
        try:
            return from_json(entry["laid"], laid_type)
        except (KeyError, TypeError, ValueError):
            return None

    def file(self, part_key: str, first: int) -> Path | None:
        """The kept PDF of this key numbered from page `first`, its bytes as recorded; else None."""
        entry = self.entries.get(part_key)
        if entry is None or entry["first"] != first:
            return None
        path = self.folder / f"{part_key}.pdf"
        return path if outdir.digest(path) == entry["sha"] else None

    def mention_base(self, part_key: str) -> int:
        """The number the kept part's mention anchors were counted from (`m-N`, writers/parts.py)."""
        value = self.entries.get(part_key, {}).get("mentions", 0)
        return value if isinstance(value, int) else 0

    def save(self, parts: dict[str, tuple[int, Path, object, int]], front_pages: int = 0) -> None:
        """Keep `parts` (key → first page, its PDF, its layout summary, the base of its mention
        anchors) and only them: their files moved (or already) in the folder, the index written
        (with the front's number of pages), every other file removed."""
        if not self._folder_ok(create=True):
            return
        entries = {}
        for part_key, (first, path, laid, mentions) in parts.items():
            target = self.folder / f"{part_key}.pdf"
            if Path(path) != target:
                os.replace(path, target)  # a rename replaces a link of that name, never follows it
            entries[part_key] = {"first": first, "sha": outdir.digest(target), "laid": to_json(laid), "mentions": mentions}
        outdir.write_atomically(self.folder, INDEX, json.dumps({**entries, FRONT_PAGES: front_pages}, ensure_ascii=False).encode())
        keep = {f"{k}.pdf" for k in entries} | {INDEX}
        for name in os.listdir(self.folder):
            if name not in keep:
                with contextlib.suppress(OSError):
                    os.unlink(self.folder / name)
        self.entries = entries
