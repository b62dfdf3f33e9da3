"""Per-student variants: drawn from the seed, the exercise and the course secret."""

import numpy as np
import pytest

from neurocourse.checks import (
    SECRET_ENV,
    SECRET_FILE_ENV,
    SELF_STUDY_SECRET,
    course_secret,
    seed_text,
    using_self_study_secret,
    variant_rng,
)


def test_self_study_uses_the_public_default(monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    monkeypatch.delenv(SECRET_FILE_ENV, raising=False)
    assert course_secret() == SELF_STUDY_SECRET and using_self_study_secret()


def test_the_secret_changes_every_variant(monkeypatch, tmp_path):
    monkeypatch.delenv(SECRET_FILE_ENV, raising=False)
    monkeypatch.delenv(SECRET_ENV, raising=False)
    public = variant_rng("01_circuits:mystery", 2026).random(4)
    monkeypatch.setenv(SECRET_ENV, "instructor's secret")
    graded = variant_rng("01_circuits:mystery", 2026).random(4)
    assert not np.allclose(public, graded) and not using_self_study_secret()
    monkeypatch.delenv(SECRET_ENV)
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("instructor's secret\n")
    monkeypatch.setenv(SECRET_FILE_ENV, str(secret_file))
    np.testing.assert_array_equal(variant_rng("01_circuits:mystery", 2026).random(4), graded)


def test_variants_are_reproducible_and_independent_across_students_and_exercises(monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    monkeypatch.delenv(SECRET_FILE_ENV, raising=False)
    a = variant_rng("01_circuits:mystery", 7).random(3)
    np.testing.assert_array_equal(a, variant_rng("01_circuits:mystery", "007").random(3))
    assert not np.allclose(a, variant_rng("01_circuits:mystery", 8).random(3))
    assert not np.allclose(a, variant_rng("01_circuits:sr_transition", 7).random(3))


def test_seed_text_and_bad_seeds(monkeypatch, tmp_path):
    assert seed_text(" 0042 ") == "42" and seed_text("ab12") == "ab12" and seed_text(np.int64(5)) == "5"
    for bad in (True, 1.5, "", None):
        with pytest.raises(TypeError, match="seed"):
            seed_text(bad)
    monkeypatch.delenv(SECRET_ENV, raising=False)
    monkeypatch.setenv(SECRET_FILE_ENV, str(tmp_path / "missing.txt"))
    with pytest.raises(RuntimeError, match="cannot be read"):
        course_secret()
