"""Sphinx configuration of the course website (``neurocourse site``).

The site is built from the committed notebooks, with their stored outputs: nothing is
executed. ``neurocourse site`` runs ``sphinx-build -c docs/site <empty folder> _build/site``;
``setup`` below fills that source folder from the repository at the start of the build
(README.md as the front page, notebooks/ and solutions/, docs/instructors.md, a glossary
gathered from the lectures' glossary sections, a course map from the README's course table,
one API page per module), so no copy of a notebook lives in git. A docs/glossary.md or
docs/concept_map.md, if one is ever written, replaces the generated page.
"""

from __future__ import annotations

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


def _section(path: Path, heading: str) -> list[str]:
    """The lines under the level-2 heading matching ``heading`` up to the next heading."""
    for text in _markdown_cells(path):
        lines = text.splitlines()
        for start, line in enumerate(lines):
            if line.startswith("## ") and re.search(heading, line[3:], re.IGNORECASE):
                body = []
                for following in lines[start + 1 :]:
                    if re.match(r"#{1,2} ", following):
                        break
                    body.append(following)
                return body
    return []


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


def _glossary(lectures: list[Path]) -> str:
    existing = ROOT / "docs" / "glossary.md"
    if existing.is_file():
        return existing.read_text(encoding="utf-8")
    parts = ["# Glossary", "", "The glossary at the end of each lecture, gathered on one page.", ""]
    for path in lectures:
        terms = _section(path, r"^glossary$")
        if terms:
            parts += [f"## {_link(path)}", "", *terms, ""]
    return "\n".join(parts)


def _course_map(lectures: list[Path]) -> str:
    existing = ROOT / "docs" / "concept_map.md"
    if existing.is_file():
        return existing.read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = readme.index("## The course")
    table = []
    for line in readme[start + 1 :]:
        if line.startswith("|"):
            table.append(line)
        elif table:
            break
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    chapters = {path.stem[:2]: path for path in lectures}
    builds_on: dict[str, list[str]] = {}
    for row in table[2:]:
        cells = dict(zip(header, (cell.strip() for cell in row.strip("|").split("|")), strict=False))
        for needed in re.findall(r"\b\d\d\b", cells.get("prerequisites", "")):
            builds_on.setdefault(needed, []).append(cells["#"])
    intro = "The chapters (from the README), what each needs first, and what builds on what."
    parts = ["# Course map", "", intro, ""]
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
    shutil.copy2(ROOT / "README.md", srcdir / "README.md")
    (srcdir / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "instructors.md", srcdir / "docs" / "instructors.md")
    for folder in ("notebooks", "solutions"):
        (srcdir / folder).mkdir()
        for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            _stage_notebook(path, srcdir / folder / path.name)
    lectures = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    (srcdir / "glossary.md").write_text(_glossary(lectures), encoding="utf-8")
    (srcdir / "course-map.md").write_text(_course_map(lectures), encoding="utf-8")
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


def setup(app) -> None:
    app.connect("autodoc-process-docstring", _escape_bars)
    app.connect("doctree-read", _unlink_type_words)
    srcdir = Path(app.srcdir).resolve()
    if srcdir == SITE:
        raise RuntimeError(
            "build the site with `neurocourse site` (or `sphinx-build -c docs/site <empty folder> "
            "<output>`): the source folder is filled at build time and must not be docs/site itself"
        )
    if not (srcdir / "index.md").exists():
        stage(srcdir)
