"""The voice: filling templates, pronouns, the seeded pick, and the pack's words over ours."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bonds.content.schema.narration import NarrationFile
from bonds.engine import Event, World
from bonds.narration.facts import Lexicon, count_word, describe, repeat_key
from bonds.narration.voice import Named, NarrationError, Voice, fill, pick, t


def test_fill_names_pronouns_and_capital() -> None:
    ada = Named("Ada", "woman")
    bo = Named("Bo", "man")
    text = fill("{b.his} lamp, {a.his} match; {a.He} lit it for {b.him}.", {"a": ada, "b": bo})
    assert text == "His lamp, her match; She lit it for him."


def test_fill_missing_field_names_the_kind_and_the_facts() -> None:
    with pytest.raises(NarrationError) as info:
        fill("{who} fell.", {"a": "x"}, "foe_down")
    assert str(info.value) == ("a template for 'foe_down' uses {who}, which that event does "
                               "not have (a)")


def test_unknown_pronoun_is_refused_at_load() -> None:
    for bad in ({"events": {"roll": ["{a.hers} luck"]}},
                {"events": {"roll": [{"text": "{a.its} luck"}]}}):
        with pytest.raises(ValidationError, match="unknown pronoun"):
            NarrationFile.model_validate(bad)
    assert t("{a} and {b.his}").needs == ("a", "b")


def test_pick_is_stable_and_spreads() -> None:
    assert pick(7, 3, "roll", 5) == pick(7, 3, "roll", 5)
    picks = {pick(seed, 3, "roll", 5) for seed in range(40)}
    assert picks == {0, 1, 2, 3, 4}


def test_a_bool_condition_never_matches_a_number() -> None:
    template = t("x", value=True)
    assert template.matches({"value": True})
    assert not template.matches({"value": 1})
    assert not template.matches({})


def test_pack_templates_win_where_they_fit() -> None:
    pack = NarrationFile.model_validate({
        "events": {"ping": [{"text": "The ward sang.", "when": {"loud": True}}]},
        "silent": ["hush"],
    })
    voice = Voice(1, {"ping": [t("A ping.")], "hush": [t("Shh.")]}, {}, {}, pack)
    assert voice.line("ping", 0, {"loud": True}, {}) == "The ward sang."
    assert voice.line("ping", 0, {"loud": False}, {}) == "A ping."
    assert voice.line("hush", 0, {}, {}) is None
    assert not voice.speaks("hush", {}, {})
    assert voice.line("other", 0, {}, {}) is None


def test_describe_names_ids_and_derives_direction_and_view(tiny: World) -> None:
    lex = Lexicon(tiny, {"oil": "lamp oil"})
    event = Event("bond_changed", {"from": "ada", "to": "bo", "measure": "trust", "old": 20,
                                   "new": 32, "delta": 12, "reason": "she held the ladder"})
    facts, fields = describe(event, lex, "bo")
    assert (facts["direction"], facts["size"], facts["amount"]) == ("up", "large", 12)
    assert (facts["subject"], facts["view"]) == ("ada", "near")
    assert fields["from"] == "Ada" and fields["from"].pronoun("his") == "her"
    assert fields["measure"] == "trust"
    assert describe(event, lex, "ada")[0]["view"] == "own"
    assert describe(event, lex, None)[0]["view"] == "far"
    assert lex.show("oil") == "lamp oil" and lex.show("safe_harbour") == "Safe Harbour"
    assert lex.show(["ada", "bo", "oil"]) == "Ada, Bo and lamp oil"


def test_roll_luck(tiny: World) -> None:
    lex = Lexicon(tiny, {})

    def luck(chance: int, value: int) -> str:
        event = Event("roll", {"what": "x", "chance": chance, "value": value,
                               "success": value <= chance})
        return str(describe(event, lex, None)[0]["luck"])

    assert [luck(50, 53), luck(30, 12), luck(80, 95), luck(60, 20)] == [
        "close", "long", "unlucky", "plain"]


def test_repeat_key_ignores_numbers_but_not_direction(tiny: World) -> None:
    lex = Lexicon(tiny, {})

    def key(data: dict) -> tuple:
        event = Event("hit", data)
        return repeat_key(event, describe(event, lex, None)[0])

    a = key({"who": "ada", "damage": 3, "parts": [1], "fatal": False})
    b = key({"who": "ada", "damage": 9, "parts": [2], "fatal": False})
    assert a == b == ("hit", ("fatal", False), ("pov", ""), ("subject", "ada"), ("view", "far"),
                      ("who", "ada"))
    assert key({"who": "bo", "damage": 3, "fatal": False}) != a
    assert key({"who": "ada", "delta": 2}) != key({"who": "ada", "delta": -2})
    assert count_word(3) == "three" and count_word(13) == "thirteen"
