"""The glossary notebook: every term the lectures mark, linked to where it is taught.

Marking convention
------------------
Each lecture ends with a ``## Glossary`` section: one bullet per entry, the term in bold
first (``- **rheobase**: the smallest constant current that makes a neuron fire [nA].``).
Where the lecture first explains a term, an empty HTML anchor stands right before it::

    the smallest current that makes it fire, the <a id="term-rheobase"></a>**rheobase**, ...

The anchor's id is ``term-`` and the slug of the entry's first bold term (:func:`term_id`).
JupyterLab keeps the ``id`` of the anchor, so ``01_circuits.ipynb#term-rheobase`` opens the
lecture at that place; on the website it is an anchor of the lecture's page.

The glossary notebook ``notebooks/glossary.py`` (and its ``.ipynb``) is generated from the
lectures by :func:`glossary_source`; ``neurocourse build`` writes it and ``build --check``
reports it when it is out of date. Its first code cell draws the course map
(:func:`neurocourse.plotting.plot_concept_map`) from :data:`neurocourse._chapters.COURSE_MAP`.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from .._chapters import CHAPTER_STEM, COURSE_MAP

__all__ = [
    "GLOSSARY_STEM",
    "GlossaryEntry",
    "TERM_ANCHOR",
    "glossary_links",
    "glossary_entries",
    "glossary_source",
    "marked_terms",
    "term_id",
]

#: The stem of the glossary notebook in ``notebooks/``.
GLOSSARY_STEM = "glossary"

#: An anchor marking where a term is taught.
TERM_ANCHOR = re.compile(r'<a id="(term-[a-z0-9-]+)"></a>')

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADER = """\
# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---
"""


@dataclasses.dataclass(frozen=True)
class GlossaryEntry:
    """One bullet of a lecture's glossary section.

    Attributes
    ----------
    term : str
        The entry's first bold term (``"rheobase"``).
    anchor : str
        The id of its anchor in the lecture, :func:`term_id` of ``term``.
    text : str
        The whole bullet without its dash, in markdown (``"**rheobase**: the smallest ..."``).
    chapter : str
        The lecture's stem (``"01_circuits"``).
    """

    term: str
    anchor: str
    text: str
    chapter: str


def term_id(term: str) -> str:
    """Return the anchor id of a glossary term: ``"winner-take-all (WTA)"`` -> ``"term-winner-take-all-wta"``.

    Math (``$...$``) is dropped, letters are lower-cased, and every run of other characters
    becomes one hyphen.
    """
    plain = re.sub(r"\$[^$]*\$", " ", term).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if not slug:
        raise ValueError(f"the glossary term {term!r} has no letters or digits to make an anchor id of")
    return f"term-{slug}"


def _markdown_cells(source: Path) -> list[str]:
    from .notebooks import read_source

    return [cell.source for cell in read_source(source).cells if cell.cell_type == "markdown"]


def _split_glossary(text: str) -> tuple[str, list[str]]:
    """Split a markdown cell into (text before its ``## Glossary`` section, the section's lines)."""
    lines = text.splitlines()
    for start, line in enumerate(lines):
        if re.fullmatch(r"##\s+Glossary\s*", line.strip(), re.IGNORECASE):
            body = []
            for following in lines[start + 1 :]:
                if re.match(r"#{1,2} ", following):
                    break
                body.append(following)
            return "\n".join(lines[:start]), body
    return text, []


def glossary_entries(source: Path) -> list[GlossaryEntry]:
    """Return the entries of the ``## Glossary`` section of a lecture source, in order."""
    source = Path(source)
    bullets: list[str] = []
    for text in _markdown_cells(source):
        for line in _split_glossary(text)[1]:
            if line.startswith("- "):
                bullets.append(line[2:].strip())
            elif line.startswith("  ") and bullets and line.strip():
                bullets[-1] += " " + line.strip()
    entries = []
    for bullet in bullets:
        bold = _BOLD.search(bullet)
        if bold is None:
            raise ValueError(f"{source.name}: a glossary bullet without a bold term: {bullet!r}")
        term = bold.group(1).strip()
        entries.append(GlossaryEntry(term, term_id(term), bullet, source.stem))
    return entries


def marked_terms(source: Path) -> list[str]:
    """Return the anchor ids (``term-...``) marked in a lecture's text, outside its glossary section."""
    ids = []
    for text in _markdown_cells(Path(source)):
        ids += TERM_ANCHOR.findall(_split_glossary(text)[0])
    return ids


def _lectures(course_root: Path) -> list[Path]:
    folder = Path(course_root) / "notebooks"
    return sorted(path for path in folder.glob("*.py") if CHAPTER_STEM.match(path.stem))


def _titles() -> dict[str, str]:
    return {chapter.stem: f"{chapter.number} {chapter.title}" for chapter in COURSE_MAP}


def _comment(text: str) -> str:
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())


def glossary_source(course_root: Path) -> str:
    """Return the text of ``notebooks/glossary.py``, generated from the lectures' glossaries.

    Every entry is listed once per distinct definition, sorted by term, with a link to each
    lecture that teaches it (``01_circuits.ipynb#term-rheobase``). The notebook opens with
    the course map drawn by :func:`neurocourse.plotting.plot_concept_map`, the first few terms
    of each chapter written under its box.
    """
    titles = _titles()
    grouped: dict[tuple[str, str], list[GlossaryEntry]] = {}
    concepts: dict[str, list[str]] = {}
    seen: set[str] = set()
    for lecture in _lectures(course_root):
        for entry in glossary_entries(lecture):
            key = (entry.anchor, re.sub(r"\W+", " ", entry.text.split(":", 1)[-1]).strip().lower())
            same_term = [k for k in grouped if k[0] == entry.anchor]
            grouped.setdefault(same_term[0] if same_term and _similar(key, same_term[0]) else key, []).append(
                entry
            )
            if entry.anchor not in seen and len(concepts.setdefault(entry.chapter[:2], [])) < 4:
                concepts[entry.chapter[:2]].append(re.sub(r"\s*\$[^$]*\$", "", entry.term))
            seen.add(entry.anchor)
    bullets = []
    for entries in sorted(grouped.values(), key=lambda group: (group[0].term.lower(), group[0].chapter)):
        links = ", ".join(
            f"[{titles.get(entry.chapter, entry.chapter)}]({entry.chapter}.ipynb#{entry.anchor})"
            for entry in entries
        )
        bullets.append(f"- {entries[0].text} *Taught in* {links}.")
    chapters = "\n".join(
        f"- [{titles.get(c.stem, c.stem)}]({c.stem}.ipynb)"
        + (
            f" needs {', '.join(titles.get(_stem(n), n) for n in c.prerequisites)}."
            if c.prerequisites
            else ": start here."
        )
        for c in COURSE_MAP
    )
    concept_lines = "".join(
        f'    "{number}": [\n' + "".join(f"        {json.dumps(term)},\n" for term in terms) + "    ],\n"
        for number, terms in concepts.items()
    )
    intro = (
        "# Glossary and course map\n\n"
        "Every term the lectures mark, with its definition and a link to the place where it is\n"
        "taught, and a map of which chapter needs which. This notebook is generated from the\n"
        "lectures' glossary sections by `neurocourse build`: edit the lectures, not this file.\n\n"
        "## Course map\n\n"
        "An arrow runs from a chapter to each chapter that builds on it; under each box, a few\n"
        "of the terms it introduces.\n\n"
        f"{chapters}"
    )
    code = (
        "import neurocourse as nc\n\n"
        "nc.plotting.use_course_style()\n"
        f"concepts = {{\n{concept_lines}}}\n"
        "ax = nc.plotting.plot_concept_map(concepts=concepts)"
    )
    terms = "## Terms\n\n" + "\n".join(bullets)
    cells = [f"# %% [markdown]\n{_comment(intro)}", f"# %%\n{code}", f"# %% [markdown]\n{_comment(terms)}"]
    return _HEADER + "\n" + "\n\n".join(cells) + "\n"


def _stem(number: str) -> str:
    return next((c.stem for c in COURSE_MAP if c.number == number), number)


def _similar(key, other) -> bool:
    """Two definitions of one term count as one when most of their words are shared."""
    a, b = set(key[1].split()), set(other[1].split())
    return len(a & b) >= 0.6 * max(len(a), len(b), 1)


def glossary_links(text: str) -> list[tuple[str, str]]:
    """Return the ``(notebook, anchor)`` of every ``NN_topic.ipynb#anchor`` link in ``text``."""
    return re.findall(r"\]\(([^)#\s]+\.ipynb)#([^)\s]+)\)", text)
