"""Structure: footnotes, identifiers, span classes and attributes, heading levels, empty sections.

The span classes and attributes the toolchain understands (keep in step with the index and
typography packages and styles/): `.org` (with `key=` an organization of the gazetteer),
`.date` (with `date=` an ISO date), `.noindex`, `.nobr`, `.nohyphen`/`.nohyphenate`; any
span may carry `lang=` (a language tag: not Kazakh text is neither typeset nor spell-checked).
"""

from __future__ import annotations

from pathlib import Path

import re

from .. import model as m
from . import Context, Finding

KNOWN_CLASSES = {"org", "date", "noindex", "nobr", "nohyphen", "nohyphenate", "smallcaps"}
KNOWN_ATTRS = {"key", "date", "lang"}
# which attribute goes with which class (an attribute without its class does nothing)
ATTR_CLASS = {"key": "org", "date": "date"}


def _finding(ctx: Context, line: int, column: int, severity: str, message: str) -> Finding:
    return Finding(ctx.file, line, column, severity, "structure", message)


def check(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    # what the reader found on the way: undefined or twice-defined footnotes (errors), footnotes
    # never called and raw HTML (warnings)
    for d in ctx.reader_problems:
        out.append(_finding(ctx, d.line, d.column, "error", d.message))
    for w in ctx.reader_warnings:
        out.append(_finding(ctx, w.line, w.column, "warning", w.message))
    out += _identifiers(ctx)
    out += _spans(ctx)
    out += _headings(ctx)
    out += _links(ctx)
    out += _citations(ctx)
    return out


def _citations(ctx: Context) -> list[Finding]:
    """Citations of keys no bibliography has (warnings, at the citation), and entries of the
    bibliography nothing cites nor `nocite` lists (notes, at the front matter)."""
    meta = ctx.doc.meta.extra
    from ..citations import _nocite, sources

    files = sources.files(meta)
    if not files and not meta.get("references"):
        return []
    from ..diagnostics import ReportgenError
    from ..safety import allowed_roots

    source = Path(ctx.file)
    where = (ctx.file, ctx.doc.meta.line or 1, 1)
    try:
        items = sources.load(files, meta.get("references") or [], source,
                             allowed_roots(ctx.project_root or source.parent, source), where)
    except ReportgenError as exc:
        d = exc.diagnostic
        return [_finding(ctx, d.line, d.column, "error", d.message)]
    known = {str(i["id"]) for i in items}
    out, cited = [], set(_nocite(meta.get("nocite"), dict.fromkeys(known)))
    for cite in m.query(ctx.doc, m.Cite):
        for item in cite.items:
            cited.add(item.key)
            if item.key not in known and not cite.textual:
                out.append(_finding(ctx, cite.line, cite.column, "warning",
                                    f"citation @{item.key} is in no bibliography: add it, or correct the key"))
    for key in sorted(known - cited):
        out.append(_finding(ctx, *where[1:], "note", f"bibliography entry {key} is never cited: cite it, list it "
                                                     "in `nocite:`, or remove it"))
    return out


def _links(ctx: Context) -> list[Finding]:
    """Links that no output will follow: `file:` URLs, scripts, and relative paths that leave the
    source's folder (renderers never read outside the project; the link is shown as text)."""
    out = []
    for link in m.query(ctx.doc, m.Link):
        target = link.target.strip()
        scheme = target.split(":", 1)[0].lower() if ":" in target.split("/", 1)[0] else ""
        if scheme in ("file", "javascript", "vbscript", "data"):
            out.append(_finding(ctx, link.line, link.column, "warning",
                                f"link to {scheme}: is not followed (shown as text); link to http(s): or #id"))
        elif not scheme and not target.startswith("#") and target:
            depth = 0
            for part in target.split("?")[0].split("#")[0].split("/"):
                depth += -1 if part == ".." else (0 if part in ("", ".") else 1)
                if depth < 0:
                    out.append(_finding(ctx, link.line, link.column, "warning",
                                        f"link {target!r} leaves the project folder; it is not followed (shown as text)"))
                    break
    return out


def _identifiers(ctx: Context) -> list[Finding]:
    out = []
    seen: dict[str, int] = {}
    explicit = _explicit_heading_ids(ctx)
    for node in m.walk(ctx.doc):
        ident = ""
        if isinstance(node, m.Heading) and node.id in explicit.get(node.line, ()):
            ident = node.id
        elif isinstance(node, m.Span):
            ident = node.id
        if not ident:
            continue
        if ident in seen:
            out.append(_finding(ctx, node.line, node.column, "error",
                                f"duplicate identifier #{ident} (first at line {seen[ident]}); give each a unique id"))
        else:
            seen[ident] = node.line
    return out


def _explicit_heading_ids(ctx: Context) -> dict[int, set[str]]:
    """Ids written in the source (`{#id}`), by line: generated ids are unique by construction."""
    out: dict[int, set[str]] = {}
    for node in m.query(ctx.doc, m.Heading):
        if node.id and 0 < node.line <= len(ctx.lines):
            if re.search(r"\{[^{}]*#" + re.escape(node.id) + r"[\s}]", ctx.lines[node.line - 1]):
                out.setdefault(node.line, set()).add(node.id)
    return out


def _spans(ctx: Context) -> list[Finding]:
    out = []
    for span in m.query(ctx.doc, m.Span):
        for cls in span.classes:
            if cls not in KNOWN_CLASSES:
                out.append(_finding(ctx, span.line, span.column, "warning",
                                    f"unknown span class .{cls}; known: {', '.join('.' + c for c in sorted(KNOWN_CLASSES))}"))
        for attr in span.attrs:
            if attr not in KNOWN_ATTRS:
                out.append(_finding(ctx, span.line, span.column, "warning",
                                    f"unknown span attribute {attr}=; known: {', '.join(sorted(KNOWN_ATTRS))}"))
            elif attr in ATTR_CLASS and ATTR_CLASS[attr] not in span.classes:
                out.append(_finding(ctx, span.line, span.column, "warning",
                                    f"span attribute {attr}= has no effect without class .{ATTR_CLASS[attr]}"))
    return out


def _headings(ctx: Context) -> list[Finding]:
    out = []
    blocks = ctx.doc.blocks
    previous: m.Heading | None = None
    for i, block in enumerate(blocks):
        if not isinstance(block, m.Heading):
            continue
        if previous is not None and block.level > previous.level + 1:
            out.append(_finding(ctx, block.line, block.column, "warning",
                                f"heading level skips from {previous.level} to {block.level}; "
                                f"use {'#' * (previous.level + 1)} here"))
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if following is None or (isinstance(following, m.Heading) and following.level <= block.level):
            title = m.plain_text(block).strip()
            out.append(_finding(ctx, block.line, block.column, "warning",
                                f"empty section {title!r}: the heading is followed by "
                                + ("nothing" if following is None else "another heading of the same or a higher level")))
        previous = block
    return out
