"""Regenerate ``neurocourse/datasets/digits.npz``: the UCI 8x8 optical digits (1797 images).

Developer-only: the copy of the UCI "Optical Recognition of Handwritten Digits" test set that
scikit-learn ships in its wheel (``sklearn/datasets/data/digits.csv.gz``) is read through
:func:`sklearn.datasets.load_digits` and saved as uint8 arrays. The library never imports
scikit-learn; run ``pip install scikit-learn`` before this script.

Source: Alpaydin E, Kaynak C (1998) Optical Recognition of Handwritten Digits. UCI Machine
Learning Repository, https://doi.org/10.24432/C50P49, licence CC BY 4.0.

Usage: ``python scripts/make_digits.py``
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

OUT = Path(__file__).resolve().parents[1] / "neurocourse" / "datasets" / "digits.npz"


def main() -> None:
    bunch = load_digits()
    images = np.asarray(bunch.images, dtype=np.uint8)
    labels = np.asarray(bunch.target, dtype=np.uint8)
    assert images.shape == (1797, 8, 8) and images.max() == 16 and np.all(images == bunch.images)
    np.savez_compressed(OUT, images=images, labels=labels)
    print(
        f"wrote {OUT} ({OUT.stat().st_size / 1024:.1f} kB): {images.shape[0]} images, "
        f"counts per class {np.bincount(labels).tolist()}"
    )


if __name__ == "__main__":
    main()
