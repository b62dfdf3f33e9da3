"""Shared test settings: quick hypothesis profiles and a headless matplotlib backend.

The backend is chosen in this process only (``matplotlib.use``), not through MPLBACKEND:
notebook kernels started by nbval inherit the environment and must keep the inline backend
that learners have, so that their figures are part of the outputs nbval compares.
"""

import matplotlib
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

settings.register_profile(
    "course", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("course")
