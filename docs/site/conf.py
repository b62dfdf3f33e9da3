"""Sphinx configuration of the course website (``neurocourse site``).

The site is built from the committed notebooks, with their stored outputs: nothing is
executed. ``neurocourse site`` runs ``sphinx-build -c docs/site <empty folder> _build/site``;
``setup`` below fills that source folder from the repository at the start of the build
(README.md as the front page, notebooks/ and solutions/, docs/instructors.md, the glossary
notebook notebooks/glossary.ipynb as the glossary page, a course map with the concept-map
figure, one API page per module), so no copy of a notebook lives in git. A docs/glossary.md or
docs/concept_map.md, if one is ever written, replaces the generated page.

Alt text: a figure drawn by a plotting helper carries its description in the notebook as the
``alt`` of its image output's metadata (see ``neurocourse.plotting.figure_description``).
myst-nb names each image file by the SHA-256 of its bytes but reads no ``alt`` from output
metadata, so ``_set_image_alt`` gives each image node the ``alt`` stored with those bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parents[1]

project = "neurocourse"
author = "The neurocourse team"
copyright = "the neurocourse team, MIT licence"

extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon"]

# Stored outputs only: the site shows what the committed notebooks show, and builds offline.
nb_execution_mode = "off"
# No widget JavaScript from a CDN; widget outputs get a short note instead (see _stage_notebook).
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath"]
# `[text](#a-heading)` links inside a page (docs/instructors.md uses them).
myst_heading_anchors = 3

napoleon_google_docstring = False
napoleon_numpy_docstring = True
# Parameter types as text: "ndarray, shape (n_neurons,)" would otherwise link each word
# ("shape", "n_neurons") to whichever class has an attribute of that name (see _unlink_type_words).
napoleon_use_param = False
napoleon_use_rtype = False
autodoc_member_order = "bysource"
autodoc_typehints = "description"

exclude_patterns = ["README.md", "_build"]  # README.md is included by index.md
# docs/instructors.md has a ```csv block; Pygments has no csv lexer, so it shows as plain text.
suppress_warnings = ["misc.highlighting_failure"]
html_theme = "alabaster"
html_title = "neurocourse"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {"description": "systems neuroscience for AI", "fixed_sidebar": True}

#: The modules of the API reference, one page each (the course tooling has its own guide).
API_MODULES = [
    "neurocourse",
    "neurocourse.neurons",
    "neurocourse.networks",
    "neurocourse.inputs",
    "neurocourse.analysis",
    "neurocourse.learning",
    "neurocourse.sparse_coding",
    "neurocourse.attention",
    "neurocourse.reward",
    "neurocourse.neuromorphic",
    "neurocourse.plotting",
    "neurocourse.datasets",
    "neurocourse.widgets",
    "neurocourse.checks",
]

_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_WIDGET_NOTE = "[An interactive widget: run this notebook in JupyterLab or on Binder to use it.]"


def _markdown_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown"
    ]


def _title(path: Path) -> str:
    for text in _markdown_cells(path):
        for line in text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return path.stem


def _stage_notebook(source: Path, target: Path) -> None:
    notebook = json.loads(source.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if data.pop(_WIDGET_MIME, None) is not None:
                data["text/plain"] = _WIDGET_NOTE
    target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def _link(path: Path) -> str:
    return f"[{_title(path)}]({path.parent.name}/{path.stem}.ipynb)"


#: A link of the glossary notebook to a lecture's term anchor: [text](NN_topic.ipynb#term-x).
_TERM_LINK = re.compile(r"\[([^\]]+)\]\((\d\d_[A-Za-z0-9_]+)\.ipynb(#[^)\s]*)?\)")


def _stage_glossary(srcdir: Path) -> None:
    """The glossary notebook as the site's glossary page, its links pointing into notebooks/.

    A link with an anchor becomes an HTML link to the lecture's page (myst resolves a
    ``#fragment`` only to headings, and a term's anchor is an inline ``<a id>``)."""
    existing = ROOT / "docs" / "glossary.md"
    if existing.is_file():
        (srcdir / "glossary.md").write_text(existing.read_text(encoding="utf-8"), encoding="utf-8")
        return
    built = ROOT / "notebooks" / "glossary.ipynb"
    if built.is_file():
        notebook = json.loads(built.read_text(encoding="utf-8"))
    else:  # not built yet: the generated source, without the drawn map
        import jupytext
        import nbformat

        from neurocourse.course.glossary import glossary_source

        notebook = json.loads(nbformat.writes(jupytext.reads(glossary_source(ROOT), fmt="py:percent")))

    def link(match: re.Match) -> str:
        text, stem, fragment = match.group(1), match.group(2), match.group(3) or ""
        if fragment:
            return f'<a href="notebooks/{stem}.html{fragment}">{text}</a>'
        return f"[{text}](notebooks/{stem}.ipynb)"

    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = _TERM_LINK.sub(link, source)
    (srcdir / "glossary.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def _concept_map_figure(target: Path) -> str:
    """Draw the concept map into ``target`` (PNG) and return its description."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from neurocourse.plotting import figure_description, plot_concept_map

    ax = plot_concept_map()
    ax.figure.savefig(target, bbox_inches="tight")
    plt.close(ax.figure)
    return figure_description(ax.figure)


def _course_map(lectures: list[Path], srcdir: Path) -> str:
    """The course map: the drawn concept map (with its alt text), the README's course table, and
    what builds on what, from ``neurocourse._chapters.COURSE_MAP`` (the one source of the
    prerequisites; tests/test_glossary.py checks that the README's table agrees)."""
    existing = ROOT / "docs" / "concept_map.md"
    if existing.is_file():
        return existing.read_text(encoding="utf-8")
    from neurocourse._chapters import COURSE_MAP, readme_course_table

    alt = _concept_map_figure(srcdir / "course-map.png")
    table = readme_course_table((ROOT / "README.md").read_text(encoding="utf-8"))
    chapters = {path.stem[:2]: path for path in lectures}
    builds_on: dict[str, list[str]] = {}
    for chapter in COURSE_MAP:
        for needed in chapter.prerequisites:
            builds_on.setdefault(needed, []).append(chapter.number)
    intro = "The chapters, what each needs first, and what builds on what."
    parts = ["# Course map", "", intro, "", "```{image} course-map.png", f":alt: {alt}", "```", ""]
    parts += ["Every term of the course, linked to where it is taught: [the glossary](glossary.ipynb).", ""]
    parts += [*table, "", "## What builds on what", ""]
    for needed, later in sorted(builds_on.items()):
        if needed in chapters:
            links = ", ".join(_link(chapters[key]) for key in later if key in chapters)
            parts.append(f"- {_link(chapters[needed])} → {links}")
    return "\n".join(parts) + "\n"


def _api_pages(target: Path) -> None:
    target.mkdir()
    index = ["# API reference", "", "The `neurocourse` library, from its numpydoc docstrings.", ""]
    index += ["```{toctree}", ":maxdepth: 1", "", *API_MODULES, "```", ""]
    (target / "index.md").write_text("\n".join(index), encoding="utf-8")
    for module in API_MODULES:
        page = [f"# `{module}`", "", "```{eval-rst}", f".. automodule:: {module}", "   :members:", "```", ""]
        (target / f"{module}.md").write_text("\n".join(page), encoding="utf-8")


def stage(srcdir: Path) -> None:
    """Fill the (empty) source folder ``srcdir`` of the build from the repository."""
    shutil.copy2(SITE / "index.md", srcdir / "index.md")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # the glossary notebook is the site's glossary page, at the top level
    (srcdir / "README.md").write_text(
        readme.replace("](notebooks/glossary.ipynb)", "](glossary.ipynb)"), "utf-8"
    )
    (srcdir / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "instructors.md", srcdir / "docs" / "instructors.md")
    for folder in ("notebooks", "solutions"):
        (srcdir / folder).mkdir()
        for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            _stage_notebook(path, srcdir / folder / path.name)
    lectures = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    _stage_glossary(srcdir)
    (srcdir / "course-map.md").write_text(_course_map(lectures, srcdir), encoding="utf-8")
    _api_pages(srcdir / "api")


def _escape_bars(app, what, name, obj, options, lines: list[str]) -> None:
    """Escape ``|x|`` (an absolute value in the docstrings) outside literals: reST reads it as a
    substitution and the page would show an error."""
    for number, line in enumerate(lines):
        text = line.strip()
        table = text.startswith(("+-", "+=")) or (text.startswith("|") and text.endswith("|"))
        if "|" in line and not table:
            parts = re.split(r"(`+[^`]*`+)", line)
            lines[number] = "".join(
                part if part.startswith("`") else re.sub(r"(?<!\\)\|", r"\\|", part) for part in parts
            )


def _unlink_type_words(app, doctree) -> None:
    """Leave lower-case words of docstring types as text ("shape (n_neurons, n_steps)"): the
    Python domain would link each to whichever class has an attribute of that name."""
    from sphinx.addnodes import pending_xref

    for node in list(doctree.findall(pending_xref)):
        target = node.get("reftarget", "")
        if (
            node.get("refdomain") == "py"
            and node.get("refspecific")
            and node.get("reftype") in ("class", "obj")
            and re.fullmatch(r"[a-z_][a-z0-9_]*", target)
        ):
            node.replace_self(node.children)


def _stored_alt_texts(srcdir: Path) -> dict[str, str]:
    """``{sha256 of the image bytes: alt}`` for every image output with an ``alt`` in its metadata."""
    texts = {}
    for path in sorted(srcdir.rglob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            for output in cell.get("outputs", []):
                for mime, data in output.get("data", {}).items():
                    alt = output.get("metadata", {}).get(mime, {}).get("alt")
                    if mime.startswith("image/") and isinstance(alt, str) and alt and isinstance(data, str):
                        raw = base64.b64decode(data) if mime != "image/svg+xml" else data.encode()
                        texts[hashlib.sha256(raw).hexdigest()] = alt
    return texts


def _set_image_alt(app, doctree) -> None:
    """Give each notebook image the ``alt`` stored with it (myst-nb names the file by its hash)."""
    from docutils import nodes

    texts = getattr(app.env, "neurocourse_alt_texts", None)
    if texts is None:
        texts = app.env.neurocourse_alt_texts = _stored_alt_texts(Path(app.srcdir))
    for image in doctree.findall(nodes.image):
        alt = texts.get(Path(str(image.get("uri", ""))).stem)
        if alt and not image.get("alt"):
            image["alt"] = alt


def setup(app) -> None:
    app.connect("autodoc-process-docstring", _escape_bars)
    app.connect("doctree-read", _unlink_type_words)
    app.connect("doctree-read", _set_image_alt)
    srcdir = Path(app.srcdir).resolve()
    if srcdir == SITE:
        raise RuntimeError(
            "build the site with `neurocourse site` (or `sphinx-build -c docs/site <empty folder> "
            "<output>`): the source folder is filled at build time and must not be docs/site itself"
        )
    if not (srcdir / "index.md").exists():
        stage(srcdir)
