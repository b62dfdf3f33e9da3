"""The course website (`neurocourse site`): every page, every figure, no broken internal link."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytest.importorskip("sphinx", reason="the website needs the docs extra: pip install -e .[docs]")
pytest.importorskip("myst_nb", reason="the website needs the docs extra: pip install -e .[docs]")

from neurocourse.course.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"), *ROOT.glob("solutions/[0-9][0-9]_*.ipynb")])


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            self.images += 1
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(attributes[name])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _stored_figures(path: Path) -> int:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return sum(
        "image/png" in output.get("data", {})
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("site") / "html"
    assert main(["site", "--course-root", str(ROOT), "--output", str(output)]) == 0
    return output


@pytest.mark.slow
def test_front_page_is_the_readme(site):
    title = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    text = re.sub(r"\s+", " ", html.unescape((site / "index.html").read_text(encoding="utf-8")))
    assert title in text
    assert "Quick start" in text


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_notebook_has_a_page_with_all_its_figures(site, notebook):
    page = site / notebook.parent.name / f"{notebook.stem}.html"
    assert page.is_file(), f"no page for {notebook.parent.name}/{notebook.name}"
    parsed = _parse(page)
    figures = _stored_figures(notebook)
    assert parsed.images >= figures, f"{page.name}: {parsed.images} <img> for {figures} stored figures"
    images = [link for link in parsed.links if link.split("/")[-2:-1] == ["_images"]]
    assert len(images) >= figures
    for link in images:
        assert (page.parent / unquote(link)).resolve().is_file(), link


@pytest.mark.slow
def test_reference_pages(site):
    api = (site / "api" / "neurocourse.neurons.html").read_text(encoding="utf-8")
    assert 'id="neurocourse.neurons.simulate_lif"' in api
    assert "neurocourse.neurons.simulate_lif" in (site / "genindex.html").read_text(encoding="utf-8")
    glossary = (site / "glossary.html").read_text(encoding="utf-8")
    assert "rheobase" in glossary  # from the glossary of 00_welcome
    assert "Divisive normalization" in glossary  # from the glossary of 03_attention
    course_map = (site / "course-map.html").read_text(encoding="utf-8")
    assert "prerequisites" in course_map
    assert (site / "docs" / "instructors.html").is_file()


@pytest.mark.slow
def test_no_broken_internal_links(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= len(NOTEBOOKS) + 5
    broken = []
    for page in pages:
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("#") or not parts.path:
                continue
            if not (page.parent / unquote(parts.path)).resolve().exists():
                broken.append(f"{page.relative_to(site)}: {link}")
    assert not broken, "\n".join(broken)


def test_site_outside_the_repository_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "solutions").mkdir()
    assert main(["site", "--course-root", str(tmp_path), "--output", str(tmp_path / "html")]) == 2
    assert "docs/site/conf.py" in capsys.readouterr().err
