"""Chapter names, shared by the checkers and the course tooling.

A chapter is named by its stem: two digits, an underscore and a topic (``01_circuits``);
the lecture, exercises and solutions of a chapter share it.
"""

from __future__ import annotations

import re

__all__ = ["CHAPTER_STEM", "is_chapter_stem"]

#: A chapter stem: ``NN_topic``.
CHAPTER_STEM = re.compile(r"^\d{2}_[A-Za-z0-9_]+$")


def is_chapter_stem(name) -> bool:
    """Return whether ``name`` is a chapter stem such as ``01_circuits``."""
    return isinstance(name, str) and CHAPTER_STEM.match(name) is not None
