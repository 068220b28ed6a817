"""No network, ever: a build never fetches http(s) URLs, wherever they appear in the source or
the project's stylesheets. A local HTTP server records every request it gets; it must get none."""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

from reportgen import model as m
from reportgen.pipeline import Options, load
from reportgen.writers import pdf


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


class LocalServer:
    """An HTTP server on 127.0.0.1 that answers for at most `lifetime` seconds, then stops itself."""

    def __init__(self, lifetime: float = 60.0):
        _Recorder.requests = []
        self.server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
        self.server.timeout = 0.2
        self.port = self.server.server_address[1]
        self.deadline = time.monotonic() + lifetime
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopped.is_set() and time.monotonic() < self.deadline:
            self.server.handle_request()
        self.server.server_close()

    @property
    def requests(self) -> list[str]:
        return list(_Recorder.requests)

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=5)


@pytest.fixture
def server():
    s = LocalServer()
    yield s
    s.stop()


def make_project(tmp_path: Path, url: str) -> Path:
    """A temporary project: styles/ (copies, with remote @import and background url()) and a
    source referencing `url` in a link, a span, an image and raw HTML."""
    styles = tmp_path / "styles"
    styles.mkdir()
    css = (ROOT / "styles" / "print.css").read_text(encoding="utf-8")
    (styles / "print.css").write_text(
        f"@import url({url}/import.css);\n" + css + f"\nbody {{ background: url({url}/bg.png) }}\n"
        f"@font-face {{ font-family: X; src: url({url}/font.ttf) }}\n", encoding="utf-8")
    ebook = (ROOT / "styles" / "ebook.css").read_text(encoding="utf-8")
    (styles / "ebook.css").write_text(f"@import url({url}/import-epub.css);\n" + ebook
                                      + f"\np {{ background: url({url}/bg-epub.png) }}\n", encoding="utf-8")
    source = tmp_path / "source"
    source.mkdir()
    (source / "doc.md").write_text(
        "---\ntitle: Желі\n---\n\n# Бөлім\n\n"
        f"Сілтеме: [мына жер]({url}/link) және <{url}/autolink>.\n\n"
        f"Белгі: [сөз]{{.noindex title={url}/span}} және [сөз]{{#a data-src=\"{url}/data\"}}.\n\n"
        f"Сурет: ![x]({url}/i.png)\n\n"
        f'<img src="{url}/raw.png"> <link rel="stylesheet" href="{url}/raw.css">\n', encoding="utf-8")
    return source / "doc.md"


def test_pdf_build_fetches_nothing(tmp_path, server):
    """Protection: writers.fetcher.ProjectURLFetcher refuses http(s) (and the resources transform
    never resolves a remote image, the renderer escapes raw HTML): with a fetcher that allows the network the server gets the
    @import, background and font requests and this test fails."""
    url = f"http://127.0.0.1:{server.port}"
    source = make_project(tmp_path, url)
    options = Options(formats=("pdf",), project_root=tmp_path, out=tmp_path / "dist")
    doc = load(source, options)
    images = list(m.query(doc, m.Image))  # `![x](url)`: an image never fetched, shown as its alt text
    assert [(i.src, i.path) for i in images] == [(f"{url}/i.png", "")]
    assert "<img" not in pdf.render_html(doc).replace("&lt;img", "")
    pdf.write(doc, tmp_path / "doc.pdf", options)
    time.sleep(0.3)  # let a late request arrive before looking
    assert (tmp_path / "doc.pdf").read_bytes().startswith(b"%PDF")
    assert server.requests == []
    refused = [str(w) for w in options.warnings if "not fetched" in w.message]
    assert any("import.css" in w for w in refused) and any("bg.png" in w for w in refused)
    assert any("i.png" in w and "doc.md:11:8:" in w for w in refused)  # the image, at its place


def test_epub_build_fetches_nothing(tmp_path, server):
    """Protection: the EPUB writer reads only project files and never resolves remote URLs
    (a writer that fetched the @import or the image would make the server record a request)."""
    from reportgen.writers import epub

    url = f"http://127.0.0.1:{server.port}"
    source = make_project(tmp_path, url)
    options = Options(formats=("epub",), project_root=tmp_path, out=tmp_path / "dist")
    doc = load(source, options)
    epub.write(doc, tmp_path / "doc.epub", options)
    time.sleep(0.3)
    assert (tmp_path / "doc.epub").stat().st_size > 0
    assert server.requests == []


def test_the_server_would_see_a_fetch(server):
    """The recorder works: a real fetch is seen (so an empty list above means no fetch)."""
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/probe", timeout=5) as response:
        response.read()
    assert server.requests == ["/probe"]


def test_the_project_copy_leaves_the_repository_styles_alone(tmp_path):
    """make_project writes remote URLs into copies of the styles, never into the repository's own
    (a test that edited styles/ in place would leak its URLs into every later build)."""
    before = {p.name: p.read_bytes() for p in (ROOT / "styles").iterdir()}
    make_project(tmp_path, "http://127.0.0.1:9")
    assert "127.0.0.1:9" in (tmp_path / "styles" / "print.css").read_text(encoding="utf-8")
    assert {p.name: p.read_bytes() for p in (ROOT / "styles").iterdir()} == before
