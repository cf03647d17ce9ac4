"""Builders shared by the test suite and the benchmarks: the small province and the drive of a
nomination to any stage.

A top-level package, not part of ``tests/``, so that ``bench/`` can use it without importing the
test suite; it is not shipped (pyproject's package list leaves it out), and like ``bench/`` it is
imported from a checkout (the repository root is on ``sys.path`` under pytest and ``python -m``).

- :mod:`testkit.province`: :class:`~testkit.province.World` (units, posts, employees, accounts)
  and the two layouts built with it — ``workflow_world`` (generated, always-eligible people) and
  ``small_province`` (named people and one account per role, for the API tests);
- :mod:`testkit.drive`: ``drive_to(world, stage, post)`` through the workflow's public service
  functions, ``approve_all`` and ``a_ceremony``.
"""
