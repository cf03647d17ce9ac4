"""The talent rules: plain functions that return verdicts with their reasons.

- ``eligibility.check_eligibility`` / ``evaluate_eligibility`` — may this person be appointed to this post?
- ``ninebox.place_in_nine_box`` / ``ninebox_grid.nine_box_grid`` — the PermenPANRB 3/2020 talent matrix.
- ``ranking.rank_candidates`` / ``ranking.succession_candidates`` — eligible candidates, scored in SQL.
- ``ninebox_grid.talent_pool`` — boxes 7-9 of a unit.

Import from the submodules (this package imports nothing eagerly, so ``domain.rules.verdict`` stays light).
"""
