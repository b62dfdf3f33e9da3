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
        self.alts: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            self.images += 1
            self.alts.append(attributes.get("alt") or "")
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
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


def _stored_alt_texts(path: Path) -> list[str]:
    """The alt texts a notebook stores with its images (the plotting helpers' descriptions)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        output["metadata"]["image/png"]["alt"]
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
        and output.get("metadata", {}).get("image/png", {}).get("alt")
    ]


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
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_figures_of_the_plotting_helpers_keep_their_alt_text(site, notebook):
    page = site / notebook.parent.name / f"{notebook.stem}.html"
    alts = _parse(page).alts
    stored = _stored_alt_texts(notebook)
    missing = [text for text in stored if html.unescape(text) not in alts]
    assert not missing, f"{page.name}: images without their stored alt text: {missing[:3]}"


@pytest.mark.slow
def test_glossary_and_course_map_pages(site):
    glossary = _parse(site / "glossary.html")
    terms = [link for link in glossary.links if re.match(r"notebooks/\d\d_\w+\.html#term-", link)]
    assert len(terms) > 50, "the glossary page lost its links to where each term is taught"
    ids: dict[str, set[str]] = {}
    for link in terms:
        path, fragment = link.split("#")
        if path not in ids:
            ids[path] = _parse(site / path).ids
        assert fragment in ids[path], f"glossary link {link}: no such anchor on the lecture page"
    assert any(alt.startswith("Concept map of") for alt in glossary.alts), "the glossary notebook's map"
    course_map = _parse(site / "course-map.html")
    images = [
        (src, alt) for src, alt in zip(_image_sources(site / "course-map.html"), course_map.alts, strict=True)
    ]
    drawn = [(src, alt) for src, alt in images if alt.startswith("Concept map of")]
    assert len(drawn) == 1, images
    assert (site / unquote(drawn[0][0])).resolve().is_file()
    assert "glossary.html" in course_map.links


def _image_sources(path: Path) -> list[str]:
    class Sources(HTMLParser):
        def __init__(self):
            super().__init__()
            self.sources = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.sources.append(dict(attrs).get("src", ""))

    parser = Sources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.sources


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
    ids: dict[Path, set[str]] = {}
    for page in pages:
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _parse(target).ids
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_site_outside_the_repository_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "solutions").mkdir()
    assert main(["site", "--course-root", str(tmp_path), "--output", str(tmp_path / "html")]) == 2
    assert "docs/site/conf.py" in capsys.readouterr().err
