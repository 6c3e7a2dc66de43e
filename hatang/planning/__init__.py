"""Planner: which sites to add or share to close the dead spots at least cost.

The pure core is `optimise` (a sparse coverage matrix in, a `Plan` out); the shell
(`candidates`, `demand`, `scenarios`) builds its inputs from a workspace and stores
the result as a named scenario.
"""

from hatang.planning.optimise import Plan, Sharing, optimise

__all__ = ["Plan", "Sharing", "optimise"]
