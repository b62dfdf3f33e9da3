"""Chunked time loops with an optional progress bar (``tqdm.auto``).

Long simulations run their compiled time loop in chunks of steps, handing the state from one
chunk to the next, so that a notebook can show progress and a run can be interrupted between
chunks. Short runs take a single chunk and show nothing.
"""

from __future__ import annotations

__all__ = ["step_chunks"]

#: Work (neuron-steps or synaptic events) below which a run is a single chunk.
SINGLE_CHUNK_WORK = 20_000_000


def step_chunks(n_steps: int, *, work_per_step: float, progress: bool, desc: str):
    """Yield ``(start, stop)`` step ranges that together cover ``range(n_steps)``.

    Parameters
    ----------
    n_steps : int
        Number of time steps to simulate.
    work_per_step : float
        Rough cost of one step (e.g. neurons + expected synaptic events); runs whose total
        is small take one chunk.
    progress : bool
        Show a ``tqdm.auto`` progress bar (only when the run takes several chunks).
    desc : str
        Label of the progress bar.
    """
    total_work = n_steps * max(work_per_step, 1.0)
    if total_work <= SINGLE_CHUNK_WORK:
        yield 0, n_steps
        return
    n_chunks = min(n_steps, max(2, int(total_work // SINGLE_CHUNK_WORK) + 1, 20))
    chunk = -(-n_steps // n_chunks)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=n_steps, desc=desc, unit="step", leave=False)
    try:
        for start in range(0, n_steps, chunk):
            stop = min(n_steps, start + chunk)
            yield start, stop
            if bar is not None:
                bar.update(stop - start)
    finally:
        if bar is not None:
            bar.close()
