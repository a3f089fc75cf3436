"""State, Event and the state hash: plain data, canonical JSON, a digest stable everywhere."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import pickle
from typing import Any

import pytest

from bonds.engine import Event, State, World, replay, state_from_json, state_hash, state_to_json
from bonds.engine.state import FrozenValues

STATE = State(scene="a.b", values={"oil": 3, "lamp_lit": False, "name": "Ada"}, rng=12345,
              turn=2, ending=None)


def test_state_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        STATE.scene = "elsewhere"  # type: ignore[misc]


@pytest.mark.parametrize("change", [
    lambda v: v.__setitem__("oil", 4),
    lambda v: v.__delitem__("oil"),
    lambda v: v.update(oil=4),
    lambda v: v.pop("oil"),
    lambda v: v.popitem(),
    lambda v: v.setdefault("new", 1),
    lambda v: v.clear(),
    lambda v: v.__ior__({"oil": 4}),
], ids=["set", "del", "update", "pop", "popitem", "setdefault", "clear", "ior"])
def test_mutating_a_states_values_raises(change: Any) -> None:
    with pytest.raises(TypeError, match="read-only"):
        change(STATE.values)
    assert STATE.values == {"oil": 3, "lamp_lit": False, "name": "Ada"}


def test_a_state_keeps_its_own_copy_of_the_values_it_is_given() -> None:
    table: dict[str, Any] = {"oil": 3}
    state = State("s", table, 0)
    table["oil"] = 99
    assert state.values == {"oil": 3} and isinstance(state.values, FrozenValues)
    writable = state.values.copy()  # what step changes: a plain dict
    writable["oil"] = 4
    assert type(writable) is dict and state.get("oil") == 3


def test_states_are_hashable_and_equal_states_hash_equal() -> None:
    same = State(scene="a.b", values={"name": "Ada", "oil": 3, "lamp_lit": False}, rng=12345,
                 turn=2)
    assert same == STATE and hash(same) == hash(STATE)
    assert len({STATE, same, dataclasses.replace(STATE, turn=3)}) == 2
    assert hash(dataclasses.replace(STATE, values={"oil": 4})) != hash(STATE)


def test_a_state_survives_copy_and_pickle_whole() -> None:
    for again in (copy.deepcopy(STATE), pickle.loads(pickle.dumps(STATE))):
        assert again == STATE and hash(again) == hash(STATE)
        assert isinstance(again.values, FrozenValues)


def test_states_from_the_same_run_are_equal_and_hash_equal(lighthouse: World) -> None:
    actions = ["shore.arrive/fetch_oil", "shore.arrive/climb"]
    one, _ = replay(lighthouse, 4, actions)
    two, _ = replay(lighthouse, 4, actions)
    assert one == two and hash(one) == hash(two) and one.values is not two.values
    with pytest.raises(TypeError):
        one.values["oil"] = 0


def test_state_get_returns_the_value_or_the_default() -> None:
    assert STATE.get("oil") == 3
    assert STATE.get("missing") == 0
    assert STATE.get("missing", "none") == "none"


def test_state_to_json_is_canonical_with_sorted_values() -> None:
    data = state_to_json(STATE)
    assert data == {"scene": "a.b", "values": {"lamp_lit": False, "name": "Ada", "oil": 3},
                    "rng": 12345, "turn": 2, "ending": None}
    assert list(data["values"]) == ["lamp_lit", "name", "oil"]


def test_state_round_trips_through_json_text() -> None:
    text = json.dumps(state_to_json(STATE))
    again = state_from_json(json.loads(text))
    assert again == STATE
    assert state_hash(again) == state_hash(STATE)


def test_state_with_an_ending_round_trips() -> None:
    ended = dataclasses.replace(STATE, ending="safe", turn=9)
    assert state_from_json(state_to_json(ended)) == ended


def test_state_hash_is_a_fixed_sha256_of_the_canonical_json() -> None:
    # If these change, every save's snapshot hash changes: only on a deliberate format change.
    empty = b'{"ending":null,"rng":0,"scene":"s","turn":0,"values":{}}'
    assert state_hash(State("s", {}, 0)) == hashlib.sha256(empty).hexdigest()
    assert state_hash(STATE) == (
        "681008a8105fb6a776d3909bcf659522e281847532d46e7743e28ff386011472")


def test_state_hash_ignores_the_order_values_were_set_in() -> None:
    reordered = State("a.b", {"name": "Ada", "oil": 3, "lamp_lit": False}, 12345, 2)
    assert state_hash(reordered) == state_hash(STATE)


@pytest.mark.parametrize(
    "change",
    [
        {"scene": "a.c"},
        {"values": {"oil": 4, "lamp_lit": False, "name": "Ada"}},
        {"values": {"oil": 3, "lamp_lit": False, "name": "Ada", "extra": 0}},
        {"rng": 12346},
        {"turn": 3},
        {"ending": "safe"},
    ],
    ids=["scene", "value", "new_key", "rng", "turn", "ending"],
)
def test_state_hash_changes_with_every_field(change: dict[str, Any]) -> None:
    assert state_hash(dataclasses.replace(STATE, **change)) != state_hash(STATE)


def test_state_hash_tells_true_from_1_and_text_from_numbers() -> None:
    assert state_hash(State("s", {"x": True}, 0)) != state_hash(State("s", {"x": 1}, 0))
    assert state_hash(State("s", {"x": "1"}, 0)) != state_hash(State("s", {"x": 1}, 0))


def test_state_hash_is_a_64_character_hex_digest() -> None:
    digest = state_hash(STATE)
    assert len(digest) == 64
    int(digest, 16)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"scene": "s", "rng": 0, "turn": 0, "ending": None}, KeyError),
        ({"scene": "s", "values": [], "rng": 0, "turn": 0, "ending": None}, TypeError),
        ({"scene": "s", "values": {"x": 1.5}, "rng": 0, "turn": 0, "ending": None}, TypeError),
        ({"scene": "s", "values": {"x": None}, "rng": 0, "turn": 0, "ending": None}, TypeError),
        ({"scene": "s", "values": {}, "turn": 0, "ending": None}, KeyError),
    ],
    ids=["no_values", "values_a_list", "float_value", "null_value", "no_rng"],
)
def test_state_from_json_refuses_malformed_data(data: dict[str, object],
                                                error: type[Exception]) -> None:
    with pytest.raises(error):
        state_from_json(data)


def test_event_to_json_puts_the_kind_beside_its_data() -> None:
    event = Event("roll", {"value": 40, "success": True})
    assert event.to_json() == {"kind": "roll", "value": 40, "success": True}
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.kind = "other"  # type: ignore[misc]
