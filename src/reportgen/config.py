"""`reportgen.yaml`: a project's build defaults, for what the front matter does not carry (issue 16)
— which source `reportgen build` takes, where the outputs go, which formats, the paper, the PDF
profile, hyphenation, the booklet, the processes. The file sits in the folder reportgen runs in
(the project); every key is optional; the command line overrides each (README, "reportgen.yaml").

    source: source/thesis.md
    out: build
    to: [pdf, docx]
    paper: a5
    pdf-profile: print
    hyphenate: false
    epub-soft-hyphens: false
    impose: booklet
    jobs: 2

The values become the defaults of the sub-commands' options (argparse `set_defaults`), so an
option given on the command line still wins. A wrong key or value is one located error.
"""

from __future__ import annotations

from pathlib import Path

from . import yamlsafe
from .diagnostics import ReportgenError

FILE = "reportgen.yaml"
_FORMATS = ("pdf", "docx", "epub")
_CHOICES = {"paper": ("a4", "a5"), "pdf-profile": ("screen", "print"), "impose": ("booklet", "")}
# key in the file → the option's destination in the sub-commands (a boolean the flag turns off: "not ")
_DESTS = {"source": "source", "out": "out", "to": "to", "paper": "paper", "pdf-profile": "pdf_profile",
          "impose": "impose", "jobs": "jobs", "hyphenate": "not no_hyphenate",
          "epub-soft-hyphens": "not no_epub_soft_hyphens"}


def load(folder: Path) -> dict[str, object]:
    """The option defaults `folder/reportgen.yaml` sets ({} without one): {dest: value}."""
    path = Path(folder) / FILE
    if not (path.exists() or path.is_symlink()):
        return {}
    name = FILE if Path(folder).resolve() == Path.cwd().resolve() else str(path)  # as the user knows it
    real = path.resolve()
    if real.parent != Path(folder).resolve():
        raise ReportgenError("is a link to a file outside the project; copy the file here", name)
    try:
        text = real.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ReportgenError("invalid UTF-8; save the file as UTF-8", name) from None
    except OSError as exc:
        raise ReportgenError(f"cannot read: {exc.strerror}", name) from None
    data = yamlsafe.load(text, name, what=FILE)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReportgenError("must be a mapping of option: value lines (see README, reportgen.yaml)", name,
                             *yamlsafe.position(data, default=(1, 1)))
    out: dict[str, object] = {}
    for key, value in data.items():
        at = yamlsafe.position(data, key, (1, 1))
        if key not in _DESTS:
            raise ReportgenError(f"unknown key {key!r}; the keys are {', '.join(sorted(_DESTS))}", name, *at)
        dest = _DESTS[key]
        if dest.startswith("not "):
            if not isinstance(value, bool):
                raise ReportgenError(f"{key}: true or false, not {value!r}", name, *at)
            out[dest[4:]] = not value
        elif key == "jobs":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ReportgenError(f"jobs: a number of processes (0: one per core), not {value!r}", name, *at)
            out[dest] = value
        elif key == "to":
            formats = value if isinstance(value, list) else str(value).split(",")
            formats = [str(f).strip().lower() for f in formats if str(f).strip()]
            wrong = [f for f in formats if f not in _FORMATS]
            if not formats or wrong:
                raise ReportgenError(f"to: formats among {', '.join(_FORMATS)}, not {value!r}", name, *at)
            out[dest] = ",".join(formats)
        else:
            text_value = "" if value is None else str(value)
            if isinstance(value, (list, dict)) or (key in ("source", "out") and not text_value.strip()):
                raise ReportgenError(f"{key}: one value, not {value!r}", name, *at)
            if key in _CHOICES and text_value not in _CHOICES[key]:
                raise ReportgenError(f"{key}: one of {', '.join(c or '(none)' for c in _CHOICES[key])}, not {value!r}",
                                     name, *at)
            out[dest] = text_value
    return out


def apply(parser, folder: Path) -> None:
    """Make `folder`'s reportgen.yaml the defaults of every sub-command that has those options."""
    defaults = load(folder)
    if not defaults:
        return
    for sub in parser.commands.values():  # cli.make_parser keeps the sub-commands' parsers
        dests = {a.dest for a in sub._actions}
        sub.set_defaults(**{dest: value for dest, value in defaults.items() if dest in dests})
