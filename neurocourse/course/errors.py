"""Errors of the course commands, with the exit status each one maps to."""

from __future__ import annotations

__all__ = ["CourseError", "CourseUsageError", "NotebookExecutionError"]


class CourseError(Exception):
    """A problem with the course content (the command exits with status 1)."""

    exit_status = 1


class CourseUsageError(CourseError):
    """A problem with how the command was called: a missing file, a bad argument (status 2)."""

    exit_status = 2


class NotebookExecutionError(CourseError):
    """A cell failed while a notebook was built; the message shows the cell and the error."""
