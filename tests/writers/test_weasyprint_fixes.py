"""writers/weasyprint_fixes.py: WeasyPrint imported without library-search subprocesses, and
still imported where only that search finds the libraries."""

import subprocess
import sys
import textwrap

COUNT_SPAWNS = """
import subprocess
spawned = []
_init = subprocess.Popen.__init__
def counting(self, args, *a, **k):
    spawned.append(args)
    _init(self, args, *a, **k)
subprocess.Popen.__init__ = counting
"""


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


def test_fast_import_runs_no_subprocess():
    result = run(COUNT_SPAWNS + """
from reportgen.writers import weasyprint_fixes
weasyprint_fixes.fast_import()
from weasyprint.text import ffi
assert ffi.pango is not None and ffi.fontconfig is not None
print(len(spawned))
""")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_plain_import_does_spawn_the_search():
    """The measurement behind the fix: a plain import runs find_library's subprocesses."""
    result = run(COUNT_SPAWNS + """
import weasyprint
print(len(spawned))
""")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 0


def test_falls_back_where_only_the_search_finds_the_libraries():
    """Direct loads by soname fail here (as on a system with other file names): the fast
    attempt fails, the normal import finds the libraries, and nothing is printed."""
    result = run("""
import cffi.api
_load = cffi.api._load_backend_lib
def load(backend, name, flags):
    if isinstance(name, str) and ".so" in name and not name.startswith("/"):
        raise OSError("no direct load in this test: " + name)
    return _load(backend, name, flags)
cffi.api._load_backend_lib = load
from reportgen.writers import weasyprint_fixes
weasyprint_fixes.fast_import()
from weasyprint.text import ffi
assert ffi.pango is not None
""")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_hyphenation_points_are_where_the_soft_hyphens_stood():
    from reportgen.writers.weasyprint_fixes import hyphenation_points

    points = hyphenation_points(["Рес\u00adпуб\u00adли\u00adка\u00adсы мен жә\u00adне", "no points", "іс-\u00adқи\u00adмыл"])
    assert points == {"Республикасы": (3, 6, 8, 10), "және": (2,), "қимыл": (2,)}


def test_weasyprint_breaks_only_at_the_documents_points():
    """A narrow column forces breaks: each one is at a point of the document's, and a word
    without points ("Республикасы" has none here) is never broken, whatever pyphen knows."""
    import weasyprint

    from reportgen.writers import weasyprint_fixes

    assert weasyprint_fixes.hyphenate_from({"ынтымақтастық": (3, 6, 9)})
    html = ('<html lang="kk"><body style="width: 14em; font: 12pt \'PT Serif\'; hyphens: auto; '
            'hyphenate-limit-chars: 2 1 1; hyphenate-character: \'-\'">'
            + "ынтымақтастық Республикасы " * 6 + "</body></html>")
    document = weasyprint.HTML(string=html).render()
    lines = []
    for page in document.pages:
        for line in page._page_box.descendants():
            if type(line).__name__ == "LineBox":
                lines.append("".join(t.text for t in line.descendants() if type(t).__name__ == "TextBox").strip())
    ends = [line.split()[-1] for line in lines if line.endswith("-")]
    assert ends, "the column is narrow enough to need hyphenation"
    assert set(ends) <= {"ынт-", "ынтыма-", "ынтымақта-"}


def test_without_the_hook_the_soft_hyphens_stay_in_the_text(monkeypatch):
    from pathlib import Path

    from reportgen.pipeline import Options, load
    from reportgen.writers import pdf, weasyprint_fixes

    doc = load(Path(__file__).resolve().parents[2] / "source" / "essay.md", Options())
    assert "\u00ad" not in pdf.render_html(doc, soft_hyphens=False)
    monkeypatch.setattr(weasyprint_fixes, "_hook_fits", False)
    assert weasyprint_fixes.hyphenate_from({}) is False
    assert "\u00ad" in pdf.render_html(doc)


def test_cached_page_references_follow_added_pages():
    import pydyf

    from reportgen.writers import weasyprint_fixes

    assert weasyprint_fixes.cache_page_references()
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert len(first) == 3 and pdf.page_references is first  # computed once
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 4 and pdf.page_references[:3] == first


def test_deferred_font_modules_are_not_imported_by_a_pdf_build(tmp_path):
    """fontTools.subset and the variable-font instancer (a third of WeasyPrint's import) stay
    unloaded through a whole PDF build: WeasyPrint subsets with HarfBuzz."""
    result = run(f"""
import sys
from pathlib import Path
from reportgen.writers import weasyprint_fixes
weasyprint_fixes.fast_import()
from reportgen.pipeline import Options, load
from reportgen.writers import pdf
options = Options(formats=("pdf",), out=Path({str(tmp_path)!r}))
pdf.write(load(Path("source/essay.md"), options), Path({str(tmp_path / "essay.pdf")!r}), options)
print(sorted(n for n in ("fontTools.subset", "fontTools.varLib", "fontTools.ttLib.tables.otTables")
             if type(sys.modules.get(n)).__name__ == "module"))
""")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "essay.pdf").stat().st_size > 10_000


def test_deferred_modules_load_when_used():
    """What WeasyPrint would call on another system (fontTools subsetting, variable fonts) still
    works: the first use imports the real module, in every way it can be imported."""
    result = run("""
import sys
from reportgen.writers import weasyprint_fixes
weasyprint_fixes.fast_import()
import weasyprint.pdf.fonts as fonts
assert type(sys.modules["fontTools.subset"]).__name__ == "_Deferred"
import fontTools.subset  # the stand-in is the package's attribute too
assert type(fontTools.subset).__name__ == "_Deferred"
assert type(sys.modules["fontTools.subset"]).__name__ == "_Deferred"
options = fonts.subset.Options()  # WeasyPrint's fallback subsetter
assert type(sys.modules["fontTools.subset"]).__name__ == "module"
import fontTools.subset
assert fontTools.subset.Subsetter is sys.modules["fontTools.subset"].Subsetter
from fontTools.varLib import instancer
assert callable(fonts.instantiateVariableFont)
try:
    fonts.instantiateVariableFont(None, {})
except Exception as exc:  # the real function ran (and refused None)
    assert "_Deferred" not in repr(exc)
assert type(sys.modules["fontTools.varLib.instancer"]).__name__ == "module"
print("ok")
""")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
