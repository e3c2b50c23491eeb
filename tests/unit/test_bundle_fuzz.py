"""Property test: real bundles, mutated thousands of times, are never accepted and never crash the hub."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from syncing import enrolled_workspace, hub_state, make_hub

from desktop.sync import station


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    hub = make_hub(tmp / "hub")
    workspace = enrolled_workspace(tmp, hub, "IPS", staff=1)
    workspace.db.execute("DELETE FROM objectives")   # a small bundle keeps thousands of examples quick
    bundle = station.export_bundle(workspace, tmp / "out").read_bytes()
    workspace.close()
    yield hub, bundle, tmp, hub_state(hub)
    hub.close()


mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 10**9), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.integers(0, 255)),
    st.tuples(st.just("delete"), st.integers(0, 10**9), st.integers(1, 64)),
)


def mutate(data: bytes, steps: list[tuple[str, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, at, value in steps:
        at = at % max(1, len(out))
        if kind == "flip" and out:
            out[at] ^= value
        elif kind == "truncate":
            del out[at:]
        elif kind == "insert":
            out.insert(at, value)
        elif kind == "delete":
            del out[at:at + value]
    return bytes(out)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_bundles_are_refused_cleanly(setup, steps):
    hub, bundle, tmp, before = setup
    data = mutate(bundle, steps)
    if data == bundle:
        return
    path = Path(tmp) / "mutated.eadr-bundle"
    path.write_bytes(data)
    result = hub.import_file(path)
    assert result.outcome == "rejected", result.line()
    assert result.reason and "\n" not in result.reason
    assert hub_state(hub) == before
