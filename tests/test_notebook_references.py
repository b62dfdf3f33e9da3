"""Every work a notebook cites is in its reference list, and every listed work is cited.

Citations are read from the markdown cells of the jupytext sources (``Brunel (2000)``,
``Izhikevich 2003``, ``Carandini & Heeger (2012)``, ``Xiao et al. 2019``); reference entries
from the bullet list under ``## References`` (``- Brunel N (2000) ...``). A work is its first
author's surname and its year.
"""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCES = sorted(p for folder in ("notebooks", "solutions") for p in (ROOT / folder).glob("[0-9][0-9]_*.py"))

NAME = r"[A-Z][A-Za-z\u00C0-\u017F'\-]+"
CITATION = re.compile(
    rf"\b({NAME})(?:\s+et\s+al\.?|(?:,\s*{NAME})*,?\s*(?:&|and)\s+{NAME})?,?\s*\(?((?:18|19|20)\d{{2}})[a-z]?\b"
)
ENTRY = re.compile(rf"^-\s+({NAME})(?:\s[^()]*?)?\s\(((?:18|19|20)\d{{2}})[a-z]?\)")
#: Capitalised words that precede a year without being an author.
NOT_AUTHORS = {
    "In",
    "Fig",
    "Figure",
    "Since",
    "By",
    "From",
    "Until",
    "Table",
    "Eq",
    "Section",
    "Chapter",
    "Spring",
    "Summer",
    "Autumn",
    "Winter",
    "January",
    "June",
    "Nobel",
    "The",
    "About",
}


def _markdown_cells(path):
    cells, current, markdown = [], [], False
    for line in path.read_text().splitlines():
        if line.startswith("# %%"):
            if markdown:
                cells.append("\n".join(current))
            current, markdown = [], "[markdown]" in line
        elif markdown:
            current.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
    if markdown:
        cells.append("\n".join(current))
    return cells


def _split(path):
    """Return (body text, list of reference entries) of a notebook source."""
    body, entries, in_refs = [], [], False
    for cell in _markdown_cells(path):
        for line in cell.splitlines():
            if line.startswith("## "):
                in_refs = line.strip().lower() == "## references"
                continue
            if in_refs:
                if line.startswith("- "):
                    entries.append(line)
                elif line.startswith("  ") and entries:
                    entries[-1] += " " + line.strip()
            else:
                body.append(line)
    return "\n".join(body), entries


def _works(path):
    body, entries = _split(path)
    listed = {}
    for entry in entries:
        match = ENTRY.match(entry)
        assert match, f"{path.name}: reference entry not in 'Surname I (Year) ...' form: {entry[:90]}"
        listed[(match.group(1), match.group(2))] = entry
    cited = {(m.group(1), m.group(2)) for m in CITATION.finditer(body) if m.group(1) not in NOT_AUTHORS}
    return cited, listed


LECTURES_WITH_REFERENCES = [p for p in SOURCES if _split(p)[1]]


def test_the_parser_reads_citations_and_entries():
    cited = {
        (m.group(1), m.group(2))
        for m in CITATION.finditer(
            "as Brunel (2000) showed, and (Carandini & Heeger 2012; Xiao et al. 2019), "
            "Song, Yang and Wang (2016)"
        )
    }
    assert cited == {("Brunel", "2000"), ("Carandini", "2012"), ("Xiao", "2019"), ("Song", "2016")}
    entry = ENTRY.match("- Hahnloser RHR, Sarpeshkar R (2000) Digital selection.")
    assert entry.groups() == ("Hahnloser", "2000")
    assert any(p.name.startswith("01_") for p in LECTURES_WITH_REFERENCES)


@pytest.mark.parametrize("path", LECTURES_WITH_REFERENCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_cited_work_is_listed_and_every_listed_work_is_cited(path):
    cited, listed = _works(path)
    missing = sorted(work for work in cited if work not in listed)
    uncited = sorted(work for work in listed if work not in cited)
    problems = []
    if missing:
        problems.append(f"cited but not in the references: {missing}")
    if uncited:
        problems.append(f"in the references but never cited: {uncited}")
    assert not problems, f"{path.parent.name}/{path.name}: " + "; ".join(problems)
