"""`reportgen init`: start a document in a folder of its own — a Markdown source to write in and,
with `--styles`, the project's style files: CSS files that extend the shipped ones (a stub with an
example each) and copies of the Word style sheets, which replace them (stylesheets.py; issue 16).

    reportgen init thesis                 # thesis/source/thesis.md
    reportgen init . --name referat --styles

Nothing existing is ever replaced: a file already there is one clear error and exit 1 (files are
created with O_EXCL, so not through a symbolic link either). The source has the fields of a
university title page, a citation of the `NAME.bib` made beside it, a table, a figure
(`scheme.svg`), a formula and a footnote: every feature once, to be replaced by the author's own.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

from .. import stylesheets
from ..diagnostics import ReportgenError

TEMPLATE = """---
institution:
  - Қазақстан Республикасы Ғылым және жоғары білім министрлігі
  - Университеттің атауы
  - Факультеттің атауы
genre: Реферат
title: Жұмыстың тақырыбы
author: Автордың аты-жөні
group: Топ
supervisor: Тексерушінің ғылыми дәрежесі, аты-жөні
city: Алматы
date: {date}
lang: kk
bibliography: {name}.bib
---

# Кіріспе

Мәтін осы жерден басталады. Тырнақшаны "осылай" жазсаңыз да, «осылай» болып шығады; сызықша да,
бөлінбейтін бос орын да, тасымал да өздігінен қойылады.[^1] Дереккөзге сілтеме [@nazarbayev2007, 45 б.]
түрінде жазылады: тізім соңында өздігінен құрылады.

# Негізгі бөлім

Ұйымдар мен даталар (мысалы, Біріккен Ұлттар Ұйымы, 1945 жылғы 24 қазан) көрсеткішке өздігінен
енеді. Кесте — @tbl-data-де, сурет — @fig-scheme-те, формула — @eq-growth-да.

| Жыл | Көрсеткіш |
|-----|----------:|
| 2023 | 12,5 |
| 2024 | 14,1 |

: Мысал кесте {{#tbl-data}}

![Мысал сурет](scheme.svg){{#fig-scheme width=40%}}

$$P = P_0 (1 + r)^t$$ {{#eq-growth}}

[^1]: Сілтеме беттің төменгі жағында басылады.
"""
BIBLIOGRAPHY = """@book{{nazarbayev2007,
  author = {{Назарбаев, Нұрсұлтан Әбішұлы}},
  title = {{Қазақстан жолы}},
  address = {{Қарағанды}},
  publisher = {{Арко}},
  year = {{2007}},
  pagetotal = {{372}},
  langid = {{kazakh}}
}}
"""
FIGURE = (b'<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">'
          b'<rect x="4" y="4" width="232" height="112" fill="none" stroke="black" stroke-width="2"/>'
          b'<circle cx="120" cy="60" r="36" fill="none" stroke="black" stroke-width="2"/></svg>\n')
CSS_STUB = """/* styles/{name}: this project's own rules. reportgen reads them after its own {name},
   which this file extends: a rule here wins where both set a property, and everything else stays
   as reportgen ships it. For example:

   p {{ text-indent: 1.25cm; }}
   h2 {{ color: #1f3864; }}
*/
"""
_NAME = re.compile(r"^[\w.-]+$")


def register(sub) -> None:
    p = sub.add_parser("init", help="start a document: a source to write in (and the styles to change)",
                       description="Create FOLDER/source/NAME.md (and, with --styles, FOLDER/styles/ with copies of "
                                   "the shipped styles); nothing existing is replaced.")
    p.add_argument("folder", nargs="?", default=".", help="the project folder (default: here; created if missing)")
    p.add_argument("--name", help="the source's name, without .md (default: the folder's name)")
    p.add_argument("--styles", action="store_true",
                   help="also make styles/: CSS files that extend the shipped ones, copies of the Word style sheets")
    p.set_defaults(func=run)


def _create(path: Path, data: bytes) -> None:
    """Write a new file; an existing one (or a link) is an error, never replaced."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        raise ReportgenError("already exists; nothing was replaced (choose another --name or folder)", str(path)) from None
    except OSError as exc:
        raise ReportgenError(f"cannot create: {exc.strerror}", str(path)) from None
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def run(args) -> int:
    folder = Path(args.folder)
    name = args.name or Path(os.path.abspath(folder)).name or "document"
    if not _NAME.match(name):
        raise ReportgenError(f"--name {name!r}: use letters, digits, '.', '-' or '_' (it names the outputs too)")
    targets = [folder / "source" / f"{name}.md", folder / "source" / f"{name}.bib", folder / "source" / "scheme.svg"]
    if args.styles:
        targets += [folder / "styles" / n for n in stylesheets.NAMES]
    existing = [t for t in targets if t.exists() or t.is_symlink()]
    if existing:  # checked first: a refused init leaves nothing half made
        raise ReportgenError("already exists; nothing was created (choose another --name or folder)", str(existing[0]))
    for target in targets:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReportgenError(f"cannot create the folder: {exc.strerror}", str(target.parent)) from None
    _create(targets[0], TEMPLATE.format(date=datetime.date.today().isoformat(), name=name).encode("utf-8"))
    _create(targets[1], BIBLIOGRAPHY.format().encode("utf-8"))
    _create(targets[2], FIGURE)
    for target in targets[3:]:
        if target.suffix == ".css":  # extends the default: a stub for the project's own rules
            _create(target, CSS_STUB.format(name=target.name).encode("utf-8"))
        else:  # a Word style sheet replaces the default: the whole of it, to change
            _create(target, (stylesheets.DEFAULTS / target.name).read_bytes())
    print(f"created {targets[0]}" + (f" and {folder / 'styles'}/" if args.styles else ""))
    where = "" if folder == Path(".") else f"cd {folder} && "
    print(f"next: {where}reportgen build source/{name}.md   (the outputs go to dist/)")
    return 0
