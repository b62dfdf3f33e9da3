"""The course palette stays distinguishable under simulated colour-vision deficiency.

Every pair of colours that the course draws as *different series* in one figure must differ by
at least ``DELTA_E_MIN`` in CIEDE2000 under normal vision and under simulated protanopia,
deuteranopia and tritanopia.

Pipeline (numpy only): sRGB (8-bit hex) -> linear RGB (IEC 61966-2-1 transfer curve) ->
Machado, Oliveira & Fernandes (2009) simulation matrix, severity 1.0, applied to linear RGB
and clipped to the gamut -> CIE XYZ (sRGB primaries, D65 white) -> CIELAB (D65) -> CIEDE2000
(Sharma, Wu & Dalal 2005).

Threshold: ``DELTA_E_MIN = 10``. A CIEDE2000 difference of about 1 is a just-noticeable
difference between large patches seen side by side, and 2-3 is easily seen on adjacent
patches. Series colours are different: thin lines, small markers and legend swatches seen
apart from each other, where colour discrimination is much worse than for adjacent fields
(and worst of all along the tritan axis for small fields). We therefore ask for about ten
just-noticeable differences, the rule of thumb commonly used for "distinguishable at a glance"
in categorical palettes. CIEDE2000 was fitted to small differences, so values well above 10 only
order pairs roughly; the test needs only the ordering near the threshold.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from neurocourse.plotting import _CYCLE, COLORS, REGIME_COLORS

#: Smallest CIEDE2000 difference allowed between two series colours (see module docstring).
DELTA_E_MIN = 10.0

# Machado GM, Oliveira MM, Fernandes LAF (2009) A physiologically-based model for simulation of
# color vision deficiency. IEEE Trans Vis Comput Graph 15(6):1291-1298.
# Severity 1.0 (dichromacy) matrices, acting on linear RGB, copied from the authors' published
# table of precomputed matrices (supplementary page "CVD_Simulation.html" of Oliveira's site at
# UFRGS, www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/), rows "Protanomaly 1.0",
# "Deuteranomaly 1.0" and "Tritanomaly 1.0". Each row sums to 1 (to 1e-6): white stays white.
MACHADO_2009 = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
VISIONS = ["normal", *MACHADO_2009]

# Linear sRGB -> CIE XYZ, D65 (IEC 61966-2-1 primaries; matrix as tabulated by B. Lindbloom).
_RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
#: D65 white of the same matrix (RGB = 1, 1, 1), so that white maps to L* = 100 exactly.
_WHITE = _RGB_TO_XYZ.sum(axis=1)


def hex_to_srgb(color: str) -> np.ndarray:
    """``"#RRGGBB"`` -> sRGB in [0, 1]."""
    color = color.lstrip("#")
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)]) / 255.0


def srgb_to_linear(c: np.ndarray) -> np.ndarray:
    """IEC 61966-2-1 sRGB transfer curve, inverted."""
    c = np.asarray(c, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def simulate(rgb_linear: np.ndarray, vision: str) -> np.ndarray:
    """Linear RGB as seen with ``vision`` (Machado et al. 2009), clipped to the gamut."""
    if vision == "normal":
        return rgb_linear
    return np.clip(MACHADO_2009[vision] @ rgb_linear, 0.0, 1.0)


def linear_to_lab(rgb_linear: np.ndarray) -> np.ndarray:
    """Linear sRGB -> XYZ (D65) -> CIELAB (D65)."""
    xyz = _RGB_TO_XYZ @ rgb_linear / _WHITE
    delta = 6.0 / 29.0
    f = np.where(xyz > delta**3, np.cbrt(xyz), xyz / (3 * delta**2) + 4.0 / 29.0)
    return np.array([116.0 * f[1] - 16.0, 500.0 * (f[0] - f[1]), 200.0 * (f[1] - f[2])])


def lab_of(color: str, vision: str = "normal") -> np.ndarray:
    return linear_to_lab(simulate(srgb_to_linear(hex_to_srgb(color)), vision))


def ciede2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference, kL = kC = kH = 1 (Sharma, Wu & Dalal 2005, eqs. 1-22)."""
    L1, a1, b1 = (float(x) for x in lab1)
    L2, a2, b2 = (float(x) for x in lab2)
    C1, C2 = np.hypot(a1, b1), np.hypot(a2, b2)
    C_bar = (C1 + C2) / 2
    G = 0.5 * (1 - np.sqrt(C_bar**7 / (C_bar**7 + 25.0**7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if C1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if C2p else 0.0

    dLp = L2 - L1
    dCp = C2p - C1p
    if C1p * C2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dhp / 2))

    Lp_bar = (L1 + L2) / 2
    Cp_bar = (C1p + C2p) / 2
    if C1p * C2p == 0:
        hp_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_bar = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hp_bar = (h1p + h2p + 360) / 2
    else:
        hp_bar = (h1p + h2p - 360) / 2
    T = (
        1
        - 0.17 * np.cos(np.radians(hp_bar - 30))
        + 0.24 * np.cos(np.radians(2 * hp_bar))
        + 0.32 * np.cos(np.radians(3 * hp_bar + 6))
        - 0.20 * np.cos(np.radians(4 * hp_bar - 63))
    )
    d_theta = 30 * np.exp(-(((hp_bar - 275) / 25) ** 2))
    R_C = 2 * np.sqrt(Cp_bar**7 / (Cp_bar**7 + 25.0**7))
    S_L = 1 + 0.015 * (Lp_bar - 50) ** 2 / np.sqrt(20 + (Lp_bar - 50) ** 2)
    S_C = 1 + 0.045 * Cp_bar
    S_H = 1 + 0.015 * Cp_bar * T
    R_T = -np.sin(np.radians(2 * d_theta)) * R_C
    return float(
        np.sqrt((dLp / S_L) ** 2 + (dCp / S_C) ** 2 + (dHp / S_H) ** 2 + R_T * (dCp / S_C) * (dHp / S_H))
    )


# Sharma G, Wu W, Dalal EN (2005) The CIEDE2000 color-difference formula: implementation notes,
# supplementary test data, and mathematical observations. Color Res Appl 30(1):21-30, Table 1:
# (L1, a1, b1), (L2, a2, b2), Delta E00 (given to 4 decimals). Pairs 1, 4, 7, 9-16 (hue wrap-
# around and the mean-hue branches), 17-20, 25-34 (real colour pairs).
SHARMA_2005 = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
    ((50.0000, -1.3802, -84.2814), (50.0000, 0.0000, -82.7485), 1.0000),
    ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0009), 7.1792),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0010), 7.1792),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0011), 7.2195),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0012), 7.2195),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0009, -2.4900), 4.8045),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0010, -2.4900), 4.8045),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0011, -2.4900), 4.7461),
    ((50.0000, 2.5000, 0.0000), (50.0000, 0.0000, -2.5000), 4.3065),
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
    ((50.0000, 2.5000, 0.0000), (61.0000, -5.0000, 29.0000), 22.8977),
    ((50.0000, 2.5000, 0.0000), (56.0000, -27.0000, -3.0000), 31.9030),
    ((50.0000, 2.5000, 0.0000), (58.0000, 24.0000, 15.0000), 19.4535),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((63.0109, -31.0961, -5.8663), (62.8187, -29.7946, -4.0864), 1.2630),
    ((61.2901, 3.7196, -5.3901), (61.4292, 2.2480, -4.9620), 1.8731),
    ((35.0831, -44.1164, 3.7933), (35.0232, -40.0716, 1.5901), 1.8645),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((36.4612, 47.8580, 18.3852), (36.2715, 50.5065, 21.2231), 1.4146),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
    ((6.7747, -0.2908, -2.4247), (5.8714, -0.0985, -2.2286), 0.6377),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA_2005)
def test_ciede2000_matches_sharma_2005_table_1(lab1, lab2, expected):
    # The table gives 4 decimals: agreement to rounding (5e-5) plus float slack.
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)  # symmetric


def test_colour_pipeline_reference_points():
    # sRGB white is D65 white: L* = 100, a* = b* = 0; black is L* = 0.
    np.testing.assert_allclose(lab_of("#FFFFFF"), [100.0, 0.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(lab_of("#000000"), [0.0, 0.0, 0.0], atol=1e-12)
    # Pure sRGB red in CIELAB D65: (53.2408, 80.0925, 67.2032) (Lindbloom's calculator, 1e-3).
    np.testing.assert_allclose(lab_of("#FF0000"), [53.2408, 80.0925, 67.2032], atol=2e-3)
    # Dichromats keep white and black (rows of each Machado matrix sum to 1).
    for vision in MACHADO_2009:
        np.testing.assert_allclose(lab_of("#FFFFFF", vision), [100.0, 0.0, 0.0], atol=1e-3)
    # Protanopes and deuteranopes confuse red and green: pure red and a green of matched
    # appearance come out far closer than under normal vision.
    normal = ciede2000(lab_of("#FF0000"), lab_of("#00FF00"))
    assert normal > 80.0
    for vision in ("protanopia", "deuteranopia"):
        assert ciede2000(lab_of("#FF0000", vision), lab_of("#00FF00", vision)) < normal / 2


def _named_pairs():
    """Pairs of ``COLORS`` roles drawn as different series in one figure (widgets, plotting)."""
    pairs = {
        # raster E/I, Wilson-Cowan r_E / r_I, attention pair, sparse-coding code vs reconstruction
        ("excitatory", "inhibitory"),
        # f-I curve (analytic vs simulated), reward ANN vs SNN, neuromorphic signal vs decoded
        ("analytic", "excitatory"),
        ("analytic", "inhibitory"),
        ("analytic", "highlight"),
        # attention: attend away (neutral) vs attend to RF (highlight), preferred / poor
        ("neutral", "highlight"),
        ("neutral", "excitatory"),
        ("neutral", "inhibitory"),
        ("excitatory", "highlight"),
        ("inhibitory", "highlight"),
        # neuromorphic STDP weights at 0 s, half time, end
        ("neutral", "sky"),
        ("sky", "inhibitory"),
        # reward TD: cue and reward markers
        ("input", "highlight"),
        ("input", "excitatory"),
        # attention feature-gain curves
        ("accent", "analytic"),
        # notebook 01: normalisation bars side by side
        ("sky", "accent"),
        ("accent", "inhibitory"),
    }
    # Rescorla-Wagner cue colours (widgets/reward.py) are drawn together: all pairs.
    pairs |= set(itertools.combinations(("excitatory", "inhibitory", "input", "accent"), 2))
    # Brunel phase diagram: every regime colour beside every other.
    pairs |= set(itertools.combinations([f"regime {name}" for name in REGIME_COLORS], 2))
    return sorted({tuple(sorted(p)) for p in pairs})


#: Every named colour: the roles of COLORS and the regimes of the Brunel phase diagram.
PALETTE = {**COLORS, **{f"regime {name}": colour for name, colour in REGIME_COLORS.items()}}

CYCLE_PAIRS = list(itertools.combinations(_CYCLE, 2))
NAMED_PAIRS = _named_pairs()


def test_named_pairs_cover_the_cycle_roles():
    # Every colour of the axes cycle is also a COLORS role, so named pairs speak the same palette.
    assert set(_CYCLE) <= set(COLORS.values())
    assert len(NAMED_PAIRS) >= len(CYCLE_PAIRS) // 2


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize(("c1", "c2"), CYCLE_PAIRS, ids=[f"{a}-{b}" for a, b in CYCLE_PAIRS])
def test_cycle_colours_distinguishable(c1, c2, vision):
    delta = ciede2000(lab_of(c1, vision), lab_of(c2, vision))
    assert delta >= DELTA_E_MIN, f"{c1} vs {c2} under {vision}: Delta E00 = {delta:.2f} < {DELTA_E_MIN}"


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize(("r1", "r2"), NAMED_PAIRS, ids=[f"{a}-{b}" for a, b in NAMED_PAIRS])
def test_named_series_colours_distinguishable(r1, r2, vision):
    delta = ciede2000(lab_of(PALETTE[r1], vision), lab_of(PALETTE[r2], vision))
    assert delta >= DELTA_E_MIN, (
        f"{r1} {PALETTE[r1]} vs {r2} {PALETTE[r2]} under {vision}: Delta E00 = {delta:.2f} < {DELTA_E_MIN}"
    )
