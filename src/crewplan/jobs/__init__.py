"""Solve jobs: a plan or replan of a stored revision, run by a worker (in ``crewplan serve``'s process, or
``crewplan worker`` processes), its result stored as a new branch of the plan. The queue itself is
:mod:`crewplan.storage.jobs`."""
