"""Two builds of one source are the same bytes: fixed dates, ZIP times and order, no random ids."""

from __future__ import annotations

import datetime as dt
import time
import zipfile

from docx_fixtures import ESSAY, FEATURES, build, part, part_names


def test_two_builds_are_byte_identical(tmp_path):
    first = build(ESSAY, tmp_path / "one").read_bytes()
    time.sleep(2.1)  # ZIP times have a two-second resolution: a clock leak would show
    second = build(ESSAY, tmp_path / "two").read_bytes()
    assert first == second


def test_source_date_epoch_sets_every_date(tmp_path):
    epoch = 1_700_000_000  # 2023-11-14T22:13:20Z
    env = {"SOURCE_DATE_EPOCH": str(epoch)}
    path = build(FEATURES, tmp_path / "a", env=env)
    again = build(FEATURES, tmp_path / "b", env=env)
    assert path.read_bytes() == again.read_bytes()
    core = part(path, "docProps/core.xml")
    terms = "{http://purl.org/dc/terms/}"
    assert core.find(f"{terms}created").text == "2023-11-14T22:13:20Z"
    assert core.find(f"{terms}modified").text == "2023-11-14T22:13:20Z"
    with zipfile.ZipFile(path) as z:
        assert {info.date_time for info in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    other = build(FEATURES, tmp_path / "c", env={"SOURCE_DATE_EPOCH": str(epoch + 86400)})
    assert other.read_bytes() != path.read_bytes()


def test_without_source_date_epoch_the_front_matter_date_is_used(tmp_path, monkeypatch):
    path = build(FEATURES, tmp_path / "a", env={"SOURCE_DATE_EPOCH": ""})
    core = part(path, "docProps/core.xml")
    assert core.find("{http://purl.org/dc/terms/}created").text == "2024-03-15T00:00:00Z"  # date: 2024-03-15
    from reportgen import model as m
    from reportgen.writers.docx import build_date

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_date(m.Document()) == dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    assert build_date(m.Document(meta=m.Metadata(date="кеше"))).year == 2000


def test_package_is_clean(tmp_path):
    path = build(ESSAY, tmp_path)
    names = part_names(path)
    assert names[0] == "[Content_Types].xml" and names[1] == "_rels/.rels"
    assert names[2:] == sorted(names[2:])
    # nothing left from a template: no theme, thumbnail, custom XML, web settings
    assert not [n for n in names if "theme" in n or "thumbnail" in n or "customXml" in n or "webSettings" in n]
    with zipfile.ZipFile(path) as z:
        for name in names:
            data = z.read(name)
            assert b"rsid" not in data and b"w14:paraId" not in data, name
            assert b"python-docx" not in data, name
