"""Automated playtesting: bots, runs, findings, figures and reports (``bonds playtest``)."""

from .batch import Job, run_job
from .bots import BOTS, make_bot
from .runner import play_run

__all__ = ["BOTS", "Job", "make_bot", "play_run", "run_job"]
