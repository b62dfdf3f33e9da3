"""Regenerate ``neurocourse/datasets/natural_images.npz`` from the images in scikit-image's wheel.

A developer-only step: the library never imports scikit-image. Install it into the venv first
(``pip install scikit-image``), then run ``python scripts/make_natural_images.py``. The images are
the public-domain and CC0 photographs that ship inside scikit-image (``skimage/data/*.png``), so
nothing is downloaded; see ``neurocourse/datasets/README.md`` for each image's source and licence.

Each image is converted to grayscale (ITU-R 601 luma, as ``skimage.color.rgb2gray``), cropped to a
centred square and resampled to ``SIZE`` x ``SIZE`` pixels, and stored as uint8 (0-255).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

#: Side of every stored image [pixels].
SIZE = 512

#: (name, scikit-image loader, what it shows, licence as scikit-image documents it)
IMAGES = (
    ("grass", "grass", "grass blades (foliage)", "CC0 (DeviantArt user linolafett, 'Grass 01')"),
    ("gravel", "gravel", "gravel (natural texture)", "CC0 (CC0Textures, 'Gravel04')"),
    (
        "camera",
        "camera",
        "a photographer on a meadow, trees and sky (landscape)",
        "CC0 (photographer Lav Varshney)",
    ),
    (
        "chelsea",
        "chelsea",
        "a cat: fur, whiskers (animal textures)",
        "CC0 (photographer Stefan van der Walt)",
    ),
    ("coffee", "coffee", "a cup of coffee on a wooden table", "CC0 (photographer Rachel Michetti)"),
    (
        "astronaut",
        "astronaut",
        "astronaut Eileen Collins, NASA portrait",
        "public domain (NASA, no known copyright restrictions)",
    ),
)


def load_gray(loader: str) -> np.ndarray:
    """Return one scikit-image sample as a float image in [0, 1], grayscale, SIZE x SIZE."""
    from skimage import color, data, transform

    image = getattr(data, loader)()
    if image.ndim == 3:
        image = color.rgb2gray(image[..., :3])
    else:
        image = image.astype(float) / 255.0
    rows, cols = image.shape
    side = min(rows, cols)
    top, left = (rows - side) // 2, (cols - side) // 2
    image = image[top : top + side, left : left + side]
    if side != SIZE:
        image = transform.resize(image, (SIZE, SIZE), anti_aliasing=True)
    return image


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1] / "neurocourse" / "datasets" / "natural_images.npz"
    parser.add_argument("--output", type=Path, default=default)
    args = parser.parse_args(argv)
    import skimage

    stack = np.stack(
        [
            np.round(255.0 * np.clip(load_gray(loader), 0.0, 1.0)).astype(np.uint8)
            for _, loader, _, _ in IMAGES
        ]
    )
    np.savez_compressed(
        args.output,
        images=stack,
        names=np.array([name for name, *_ in IMAGES]),
        descriptions=np.array([text for _, _, text, _ in IMAGES]),
        licences=np.array([licence for *_, licence in IMAGES]),
        source=np.array(f"scikit-image {skimage.__version__} (skimage/data), see datasets/README.md"),
    )
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB): images {stack.shape}")


if __name__ == "__main__":
    main()
