"""The chapter 02 widget demos, driven headlessly through their update functions and controls."""

import numpy as np
import pytest

import neurocourse as nc
from neurocourse.widgets import sparse_coding as widgets


def test_sparsity_tradeoff_summary_agrees_with_the_codes():
    fig, summary = widgets.update_sparsity_tradeoff(penalty=0.05, patch=3)
    assert fig.axes and "λ = 0.05" in summary
    codes, error, active = widgets._codes(0.05)
    assert f"{100 * error:.1f}%" in summary and f"{100 * active:.1f}%" in summary
    # a larger penalty: sparser codes and a worse reconstruction
    _, error_high, active_high = widgets._codes(0.3)
    assert active_high < active and error_high > error


def test_lca_dynamics_reaches_the_optimum_in_the_soft_case():
    fig, summary = widgets.update_lca_dynamics(penalty=0.05, threshold="soft", patch=1)
    result, optimum = widgets._lca_run(0.05, "soft", 1, 10.0)
    assert (result.objective[0, -1] - optimum) / abs(optimum) < 1e-6
    assert "relative gap" in summary
    _, summary = widgets.update_lca_dynamics(penalty=0.05, threshold="hard", patch=1)
    assert "L0" in summary


def test_basis_browser_reports_the_fit():
    fig, summary = widgets.update_basis_browser(atom=5)
    fit = widgets._gabor_fit(5)
    assert f"R² = {fit.r_squared:.2f}" in summary
    assert f"{np.degrees(fit.orientation):.0f}°" in summary


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: widgets.update_sparsity_tradeoff(penalty=0.0), "penalty"),
        (lambda: widgets.update_sparsity_tradeoff(patch=500), "patch"),
        (lambda: widgets.update_lca_dynamics(threshold="medium"), "threshold"),
        (lambda: widgets.update_basis_browser(atom=10_000), "atom"),
    ],
)
def test_updates_refuse_impossible_settings(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_demos_build_and_respond_to_their_controls():
    demo = nc.widgets.lca_dynamics()
    demo.controls["threshold"].value = "hard"
    assert "L0" in demo.message.value and demo.image.value
    demo = nc.widgets.basis_browser()
    demo.controls["atom"].value = 7
    assert "Atom 7" in demo.message.value
