"""Analyses of a study's interviews, run in the background as durable jobs.

`queue` keeps the job rows (request, claim with a lease, progress, finish); `execute` runs
one analysis; `worker` is the thread a server process runs them in; `results` reads the last
good run with the researcher's decisions applied. Other subsystems (ask, exports, MCP) read a
study's analysis through `latest_analysis`.
"""

from jobstory.analysis_runs.results import latest_analysis

__all__ = ["latest_analysis"]
