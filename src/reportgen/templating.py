"""The Jinja2 templates the HTML writers render through: the package's own (`reportgen/templates/`)
and, by the same name in the project's `templates/`, the project's own instead (README,
"Templates": a project replaces a whole template, e.g. `templates/print.html.j2` for its own title
page). A project template is read only from inside the project (safety.check_path: no link out)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from .safety import PACKAGE_DIR, check_path

NAMES = ("print.html.j2", "epub-page.xhtml.j2")  # the templates a project may replace
_ENVIRONMENTS: dict[Path, jinja2.Environment] = {}


class _ProjectLoader(jinja2.BaseLoader):
    """Templates from the project's `templates/` folder, each checked to lie inside it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_source(self, environment, template):
        path = self.folder / template
        if not (path.exists() or path.is_symlink()):
            raise jinja2.TemplateNotFound(template)
        real = check_path(path, [self.folder.resolve()], "template")
        source = real.read_text(encoding="utf-8")
        mtime = real.stat().st_mtime
        return source, str(real), lambda: real.exists() and real.stat().st_mtime == mtime


def environment(project_root: Path | None = None) -> jinja2.Environment:
    """The template environment of a build in `project_root` (one per project, kept)."""
    folder = Path(project_root or ".").resolve() / "templates"
    env = _ENVIRONMENTS.get(folder)
    if env is None:
        env = jinja2.Environment(
            loader=jinja2.ChoiceLoader([_ProjectLoader(folder), jinja2.PackageLoader("reportgen", "templates")]),
            autoescape=True,
            keep_trailing_newline=True,
        )
        _ENVIRONMENTS[folder] = env
    return env


def files(project_root: Path, name: str) -> list[Path]:
    """The files template `name` is read from in a build in `project_root` (for the cache key)."""
    own = Path(project_root) / "templates" / name
    return [own] if own.exists() or own.is_symlink() else [PACKAGE_DIR / "templates" / name]
