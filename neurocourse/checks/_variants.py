"""Per-student exercise variants: seeds, the course secret, and the random draws they make.

An exercise whose answer is a number gives each student their own condition, and a "discover
the hidden parameter" exercise hides parameters the student must find. Both are drawn by
:func:`variant_rng` from three things:

* the **student seed** (their student number, or a seed from the instructor's roster);
* the exercise's name (``"01_circuits:mystery"``), so exercises draw independently;
* the **course secret**, which the instructor keeps.

The secret is read from the environment variable ``NEUROCOURSE_COURSE_SECRET`` or from the
file named by ``NEUROCOURSE_COURSE_SECRET_FILE``. Only the grading run has it (``neurocourse
check`` passes it to the checker processes, never to the student's kernel). Without one, the
public default :data:`SELF_STUDY_SECRET` is used: self-learners get working variants, and
anybody can compute them, which is fine for learning and useless for grading. A notebook
cannot learn the graded answers, because the library in the student's kernel does not know
the secret.
"""

from __future__ import annotations

import hashlib
import numbers
import os
import re
from pathlib import Path

import numpy as np

__all__ = [
    "SECRET_ENV",
    "SECRET_FILE_ENV",
    "SELF_STUDY_SECRET",
    "course_secret",
    "using_self_study_secret",
    "seed_text",
    "variant_rng",
]

#: Environment variable holding the course secret.
SECRET_ENV = "NEUROCOURSE_COURSE_SECRET"
#: Environment variable naming a file whose first line is the course secret.
SECRET_FILE_ENV = "NEUROCOURSE_COURSE_SECRET_FILE"
#: The public secret of self-study: known to everybody, so never used for grading.
SELF_STUDY_SECRET = "neurocourse-self-study"


def course_secret() -> str:
    """Return the course secret: the environment's, the secret file's, or the public default."""
    secret = os.environ.get(SECRET_ENV, "").strip()
    if secret:
        return secret
    path = os.environ.get(SECRET_FILE_ENV, "").strip()
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8").strip().splitlines()
        except OSError as error:
            raise RuntimeError(f"{SECRET_FILE_ENV} names {path!r}, which cannot be read: {error}") from None
        if not text or not text[0].strip():
            raise RuntimeError(f"the course secret file {path!r} is empty")
        return text[0].strip()
    return SELF_STUDY_SECRET


def using_self_study_secret() -> bool:
    """Return whether variants are drawn with the public self-study secret."""
    return course_secret() == SELF_STUDY_SECRET


def seed_text(seed) -> str:
    """Return a student seed in a canonical text form (``"2026"`` for 2026, "02026" or " 2026 ").

    Raises
    ------
    TypeError
        For anything but a whole number or a non-empty string.
    """
    if isinstance(seed, (bool, np.bool_)):
        raise TypeError("seed must be your student number (an int or a str), not True/False")
    if isinstance(seed, numbers.Integral):
        return str(int(seed))
    if isinstance(seed, str) and seed.strip():
        text = seed.strip()
        return str(int(text)) if re.fullmatch(r"[+-]?\d+", text) else text
    raise TypeError(
        f"seed must be your student number, an int (or a str); got {type(seed).__name__} {seed!r:.40}"
    )


def variant_rng(exercise: str, seed) -> np.random.Generator:
    """Return the random generator of one student's variant of one exercise.

    Parameters
    ----------
    exercise : str
        The exercise's key, ``"<chapter>:<name>"`` (e.g. ``"01_circuits:mystery"``).
    seed : int or str
        The student seed.
    """
    text = f"neurocourse:{course_secret()}:{exercise}:{seed_text(seed)}"
    digest = hashlib.sha256(text.encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "little"))
