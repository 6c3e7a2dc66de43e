"""The pure generator: DemoInputs + seed → every table of the demo province as frames.

Deterministic: one numpy SeedSequence per seed, one child stream per part, so a part
can change without reshuffling the others. No files, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from hatang.demo import deadspots, egov, usage
from hatang.demo.facilities import facilities
from hatang.demo.inputs import DemoInputs
from hatang.demo.network import QUARTERS, Network, build_network, structures
from hatang.demo.villages import Land, place_land

DEFAULT_SEED = 137


@dataclass(frozen=True)
class DemoData:
    land: Land
    network: Network
    subscriptions: pd.DataFrame
    village_services: pd.DataFrame
    speed_tests: pd.DataFrame
    speed_tiles: pd.DataFrame
    services: pd.DataFrame
    info_systems: pd.DataFrame
    surveys: pd.DataFrame
    cloud_accounts: pd.DataFrame
    dead_spots: pd.DataFrame
    structures: pd.DataFrame
    facilities: pd.DataFrame
    seed: int

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every generated frame by name (for comparisons and tests)."""
        out = {
            "new_communes": self.land.new_communes,
            "old_communes": self.land.old_communes,
            "villages": self.land.villages,
            "sites": self.network.sites,
            "cells": self.network.cells,
            "holes": self.network.holes,
        }
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, pd.DataFrame):
                out[f.name] = value
        return out


Step = Callable[[str], None]


def generate(inputs: DemoInputs, seed: int = DEFAULT_SEED, step: Step | None = None) -> DemoData:
    """Build the whole synthetic province; `step(name)` is called before each part."""
    # children are numbered: a part added later takes a new stream, the others keep theirs
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(11)]

    def say(name: str) -> None:
        if step:
            step(name)

    say("communes and villages")
    land = place_land(inputs, streams[0])
    say("sites and cells")
    net = build_network(land, streams[1])
    say("subscriptions")
    subs = usage.subscriptions(land, streams[2])
    say("village services")
    vs = usage.village_services(land, net, streams[3])
    say("speed tests")
    tests = usage.speed_tests(land, net, streams[4])
    tiles = usage.speed_tiles(land, streams[5])
    say("public services and surveys")
    svc = egov.services(streams[6])
    systems = egov.info_systems(streams[7])
    surveys = egov.surveys(land, streams[8])
    cloud = egov.cloud_accounts(land, streams[8])
    say("dead spots")
    ds = deadspots.reported_dead_spots(land, net, streams[9])
    st = structures(land, net.holes, streams[9])
    say("public facilities")
    fac = facilities(land, streams[10])
    return DemoData(
        land, net, subs, vs, tests, tiles, svc, systems, surveys, cloud, ds, st, fac, seed
    )


__all__ = ["DEFAULT_SEED", "QUARTERS", "DemoData", "generate"]
