"""Chapter names and the course map, shared by the checkers and the course tooling.

A chapter is named by its stem: two digits, an underscore and a topic (``01_circuits``);
the lecture, exercises and solutions of a chapter share it.

:data:`COURSE_MAP` is the one source of what each chapter needs first: the glossary notebook
draws it, the website shows it, and a test checks that the README's course table agrees.
"""

from __future__ import annotations

import dataclasses
import re

__all__ = [
    "CHAPTER_STEM",
    "COURSE_MAP",
    "Chapter",
    "chapter_layers",
    "is_chapter_stem",
    "readme_course_table",
]

#: A chapter stem: ``NN_topic``.
CHAPTER_STEM = re.compile(r"^\d{2}_[A-Za-z0-9_]+$")


def is_chapter_stem(name) -> bool:
    """Return whether ``name`` is a chapter stem such as ``01_circuits``."""
    return isinstance(name, str) and CHAPTER_STEM.match(name) is not None


@dataclasses.dataclass(frozen=True)
class Chapter:
    """One chapter of the course map.

    Attributes
    ----------
    stem : str
        The chapter stem, ``"01_circuits"``.
    title : str
        Its short title, as in the README's course table.
    prerequisites : tuple of str
        The two-digit numbers of the chapters to read first (``("00",)``).
    """

    stem: str
    title: str
    prerequisites: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        """The chapter's two digits, ``"01"``."""
        return self.stem[:2]


#: The chapters in course order, with their prerequisites (the README's course table agrees).
COURSE_MAP = (
    Chapter("00_welcome", "Welcome"),
    Chapter("01_circuits", "Neurons and circuits", ("00",)),
    Chapter("02_sparse_coding", "Sparse coding", ("01",)),
    Chapter("03_attention", "Attention gating", ("01",)),
    Chapter("04_reward_learning", "Reward learning", ("00",)),
    Chapter("05_neuromorphic", "Neuromorphic computing", ("01",)),
)


def chapter_layers(chapters=COURSE_MAP) -> dict[str, int]:
    """Return each chapter's layer in the map: 0 without prerequisites, else one past its deepest.

    Raises
    ------
    ValueError
        If a prerequisite names no chapter of ``chapters``, or the prerequisites form a cycle.
    """
    needs = {chapter.number: tuple(chapter.prerequisites) for chapter in chapters}
    for number, before in needs.items():
        unknown = [other for other in before if other not in needs]
        if unknown:
            raise ValueError(f"chapter {number} needs {unknown}, which are no chapters of the map")
    layers: dict[str, int] = {}

    def layer(number, path):
        if number in path:
            cycle = " -> ".join([*path[path.index(number) :], number])
            raise ValueError(f"the prerequisites form a cycle: {cycle}")
        if number not in layers:
            layers[number] = 1 + max((layer(other, [*path, number]) for other in needs[number]), default=-1)
        return layers[number]

    for number in needs:
        layer(number, [])
    return layers


def readme_course_table(readme_text: str) -> list[str]:
    """Return the lines of the README's course table: the first table after ``## The course``.

    The website shows it on its course-map page, and a test checks it against
    :data:`COURSE_MAP`.

    Raises
    ------
    ValueError
        If the README has no ``## The course`` heading.
    """
    lines = readme_text.splitlines()
    start = lines.index("## The course")
    table: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            table.append(line)
        elif table:
            break
    return table
