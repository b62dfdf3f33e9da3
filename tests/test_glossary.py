"""The glossary notebook and the concept map: every marked term defined, every link lands.

A lecture marks where it teaches a term with ``<a id="term-..."></a>`` and lists the term in
its ``## Glossary`` section; ``notebooks/glossary.py`` is generated from those sections
(``neurocourse.course.glossary``) and draws the prerequisites of ``COURSE_MAP``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from neurocourse._chapters import COURSE_MAP, Chapter, chapter_layers, readme_course_table  # noqa: E402
from neurocourse.course.glossary import (  # noqa: E402
    GLOSSARY_STEM,
    glossary_entries,
    glossary_links,
    glossary_source,
    marked_terms,
    term_id,
)
from neurocourse.course.notebooks import CHAPTER_STEM, input_differences, read_notebook, read_source  # noqa: E402
from neurocourse.plotting import figure_description, plot_concept_map  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LECTURES = sorted(path for path in (ROOT / "notebooks").glob("*.py") if CHAPTER_STEM.match(path.stem))
GLOSSARY = ROOT / "notebooks" / f"{GLOSSARY_STEM}.py"


def test_term_ids_are_slugs_of_the_first_bold_term():
    assert term_id("rheobase") == "term-rheobase"
    assert term_id("winner-take-all (WTA)") == "term-winner-take-all-wta"
    assert term_id(r"synchrony $\chi$") == "term-synchrony"
    assert term_id("Contrast gain / response gain") == "term-contrast-gain-response-gain"
    assert term_id("d'") == "term-d"
    with pytest.raises(ValueError, match="no letters or digits"):
        term_id("$x$")


@pytest.mark.parametrize("lecture", LECTURES, ids=lambda path: path.stem)
def test_every_defined_term_is_marked_once_and_every_marked_term_is_defined(lecture):
    defined = [entry.anchor for entry in glossary_entries(lecture)]
    marked = marked_terms(lecture)
    assert defined, f"{lecture.name} has no glossary section"
    assert len(set(defined)) == len(defined), f"{lecture.name}: a term is listed twice in its glossary"
    unmarked = sorted(set(defined) - set(marked))
    undefined = sorted(set(marked) - set(defined))
    twice = sorted({anchor for anchor in marked if marked.count(anchor) > 1})
    assert not unmarked, f"{lecture.name}: defined in the glossary but never marked where taught: {unmarked}"
    assert not undefined, f"{lecture.name}: marked in the text but not in its glossary: {undefined}"
    assert not twice, f"{lecture.name}: marked more than once: {twice}"


def test_marking_reads_only_anchors_outside_the_glossary_section(tmp_path):
    source = tmp_path / "09_demo.py"
    source.write_text(
        "# %% [markdown]\n"
        '# The <a id="term-gain"></a>**gain** of a neuron; a <a id="term-stray"></a>stray mark.\n'
        "#\n"
        "# ## Glossary\n"
        "#\n"
        "# - **gain**: the slope of the response.\n"
        '# - **offset** $b$: the shift <a id="term-not-counted"></a> of the response,\n'
        "#   continued on a second line.\n",
        encoding="utf-8",
    )
    entries = glossary_entries(source)
    assert [(entry.term, entry.anchor) for entry in entries] == [
        ("gain", "term-gain"),
        ("offset", "term-offset"),
    ]
    assert entries[1].text.endswith("continued on a second line.")
    assert marked_terms(source) == ["term-gain", "term-stray"]


def test_the_glossary_notebook_is_up_to_date_with_the_lectures():
    expected = glossary_source(ROOT)
    assert GLOSSARY.is_file(), "notebooks/glossary.py is missing: run `neurocourse build`"
    stale = "notebooks/glossary.py is stale: run `neurocourse build`"
    assert GLOSSARY.read_text(encoding="utf-8") == expected, stale
    built = GLOSSARY.with_suffix(".ipynb")
    assert built.is_file(), "notebooks/glossary.ipynb is missing: run `neurocourse build`"
    assert not input_differences(read_source(GLOSSARY), read_notebook(built))


def test_the_glossary_lists_every_term_of_every_lecture_with_a_link_to_it():
    text = glossary_source(ROOT)
    links = set(glossary_links(text))
    for lecture in LECTURES:
        for entry in glossary_entries(lecture):
            link = (f"{lecture.stem}.ipynb", entry.anchor)
            assert link in links, f"{entry.term} of {lecture.stem} has no link"
    # and nothing else: one link per (lecture, term)
    n_entries = sum(len(glossary_entries(lecture)) for lecture in LECTURES)
    assert len(glossary_links(text)) == n_entries


def test_every_glossary_link_points_to_an_existing_notebook_and_anchor():
    text = glossary_source(ROOT)
    links = glossary_links(text)
    assert len(links) > 50
    anchors = {}
    for notebook, anchor in links:
        stem = notebook.removesuffix(".ipynb")
        source = ROOT / "notebooks" / f"{stem}.py"
        assert source.is_file(), f"the glossary links to {notebook}, which has no source"
        assert (ROOT / "notebooks" / notebook).is_file(), f"the glossary links to {notebook}: not built"
        if stem not in anchors:
            anchors[stem] = set(marked_terms(source))
        assert anchor in anchors[stem], f"{notebook} has no anchor {anchor}"
    # plain chapter links of the course-map list too
    for target in re.findall(r"\]\(([^)#\s]+\.ipynb)\)", text):
        assert (ROOT / "notebooks" / target).is_file(), target


def test_built_lectures_keep_the_term_anchors():
    """The anchors reach the .ipynb a reader opens (JupyterLab keeps an <a id> of markdown)."""
    for lecture in LECTURES:
        built = lecture.with_suffix(".ipynb")
        notebook = json.loads(built.read_text(encoding="utf-8"))
        text = "\n".join(
            "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for cell in notebook["cells"]
            if cell["cell_type"] == "markdown"
        )
        missing = [anchor for anchor in marked_terms(lecture) if f'<a id="{anchor}"></a>' not in text]
        assert not missing, f"{built.name} lacks {missing}: rebuild it (`neurocourse build {lecture.stem}`)"


# --------------------------------------------------------------------------- the concept map


def test_the_course_map_names_every_lecture_and_only_lectures():
    assert [chapter.stem for chapter in COURSE_MAP] == [path.stem for path in LECTURES]
    numbers = {chapter.number for chapter in COURSE_MAP}
    for chapter in COURSE_MAP:
        assert set(chapter.prerequisites) <= numbers, chapter
        assert all(other < chapter.number for other in chapter.prerequisites), chapter


def test_the_prerequisites_form_no_cycle_and_layer_the_chapters():
    layers = chapter_layers(COURSE_MAP)
    assert layers["00"] == 0
    for chapter in COURSE_MAP:
        for other in chapter.prerequisites:
            assert layers[other] < layers[chapter.number]
    cycle = [Chapter("01_a", "A", ("02",)), Chapter("02_b", "B", ("03",)), Chapter("03_c", "C", ("01",))]
    with pytest.raises(ValueError, match="cycle: 01 -> 02 -> 03 -> 01"):
        chapter_layers(cycle)
    with pytest.raises(ValueError, match="no chapters of the map"):
        chapter_layers([Chapter("01_a", "A", ("07",))])


def test_the_readme_course_table_agrees_with_the_course_map():
    table = readme_course_table((ROOT / "README.md").read_text(encoding="utf-8"))
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    rows = {}
    for row in table[2:]:
        cells = dict(zip(header, (cell.strip() for cell in row.strip("|").split("|")), strict=True))
        title = re.match(r"\[([^\]]+)\]\(notebooks/(\w+)\.ipynb\)", cells["chapter"])
        assert title, cells["chapter"]
        needs = tuple(re.findall(r"\b\d\d\b", cells["prerequisites"]))
        rows[cells["#"]] = (title.group(2), title.group(1), needs)
    assert rows == {c.number: (c.stem, c.title, c.prerequisites) for c in COURSE_MAP}


def test_the_drawn_map_has_one_box_per_chapter_and_one_arrow_per_prerequisite():
    ax = plot_concept_map(concepts={"01": ["rheobase", "f-I curve"]})
    try:
        gids = [patch.get_gid() for patch in ax.patches]
        boxes = sorted(gid for gid in gids if gid and gid.startswith("chapter:"))
        arrows = sorted(gid for gid in gids if gid and gid.startswith("prerequisite:"))
        assert boxes == sorted(f"chapter:{chapter.number}" for chapter in COURSE_MAP)
        expected = sorted(f"prerequisite:{p}->{c.number}" for c in COURSE_MAP for p in c.prerequisites)
        assert arrows == expected
        texts = [text.get_text() for text in ax.texts]
        for chapter in COURSE_MAP:
            assert f"{chapter.number}  {chapter.title}" in texts
        assert "rheobase, f-I curve" in texts
        # every arrow runs left to right, from the prerequisite's column to the chapter's
        for patch in ax.patches:
            if (patch.get_gid() or "").startswith("prerequisite:"):
                (x0, _), (x1, _) = patch._posA_posB
                assert x1 > x0
        description = figure_description(ax.figure)
        assert description.startswith(f"Concept map of {len(COURSE_MAP)} chapters")
        assert f"with {len(expected)} arrows" in description
    finally:
        plt.close(ax.figure)


def test_the_map_refuses_a_cycle():
    with pytest.raises(ValueError, match="cycle"):
        plot_concept_map([Chapter("01_a", "A", ("02",)), Chapter("02_b", "B", ("01",))])


def test_build_check_reports_a_stale_glossary_and_accepts_a_fresh_one(tmp_path):
    from neurocourse.course.build import _write_glossary_source, check_build
    from neurocourse.course.notebooks import notebook_text

    (tmp_path / "notebooks").mkdir()
    (tmp_path / "solutions").mkdir()
    lecture = tmp_path / "notebooks" / "01_demo.py"
    lecture.write_text(
        '# %% [markdown]\n# The <a id="term-gain"></a>**gain**.\n#\n'
        "# ## Glossary\n#\n# - **gain**: a slope.\n",
        encoding="utf-8",
    )
    lecture.with_suffix(".ipynb").write_text(notebook_text(read_source(lecture)), encoding="utf-8")
    problems = check_build(tmp_path)
    assert any("notebooks/glossary.py: out of date" in problem for problem in problems), problems
    source = _write_glossary_source(tmp_path)
    assert source == tmp_path / "notebooks" / "glossary.py"
    assert "[01_demo](01_demo.ipynb#term-gain)" in source.read_text(encoding="utf-8")
    assert any("notebooks/glossary.ipynb: missing" in problem for problem in check_build(tmp_path))
    source.with_suffix(".ipynb").write_text(notebook_text(read_source(source)), encoding="utf-8")
    assert check_build(tmp_path) == []
    # a lecture that moves on makes the glossary stale again
    lecture.write_text(lecture.read_text(encoding="utf-8").replace("a slope", "the slope"), encoding="utf-8")
    lecture.with_suffix(".ipynb").write_text(notebook_text(read_source(lecture)), encoding="utf-8")
    assert any("out of date" in problem for problem in check_build(tmp_path))
