"""Village law and memory: standing, marriage, clan duty, grudges and debts, who someone is."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import ContentError, Impossible, World
from bonds.rules import standing

from .rules_pack import CHARACTERS, ctx_at, kinds, make_rules_pack


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return load_pack(make_rules_pack(tmp_path_factory.mktemp("rules") / "pack"))


def test_who_someone_is(world: World) -> None:
    ctx = ctx_at(world)
    assert [standing.gender(ctx, c) for c in ("ada", "bo", "cy")] == ["woman", "man", "man"]
    assert [standing.rank(ctx, c) for c in ("ada", "bo", "dee")] == ["chuunin", "genin",
                                                                     "civilian"]
    assert [standing.seniority(ctx, c) for c in ("dee", "bo", "ada", "cy")] == [0, 1, 2, 3]
    assert (standing.fame(ctx, "cy"), standing.nerve(ctx, "cy")) == (80, 80)
    assert standing.last_of_clan(ctx, "cy") and not standing.last_of_clan(ctx, "ada")
    with pytest.raises(Impossible, match="no one called 'zed'"):
        standing.fame(ctx, "zed")


def test_standing_falls_and_is_restored(world: World) -> None:
    ctx = ctx_at(world)
    assert standing.standing(ctx, "ada") == "good"
    with pytest.raises(Impossible, match="^Ada was never sent away; there is nothing to "
                                         "restore$"):
        standing.set_standing(ctx, "ada", "restored")
    for state in ("disgraced", "exiled", "exiled", "restored"):
        standing.set_standing(ctx, "ada", state)
    assert standing.standing(ctx, "ada") == "restored"
    assert [(e.data["old"], e.data["new"]) for e in ctx.events] == [
        ("good", "disgraced"), ("disgraced", "exiled"), ("exiled", "restored")]


def test_marriage_by_certificate_and_the_clan_duty(world: World) -> None:
    ctx = ctx_at(world)
    assert standing.married(ctx, "dee", "eli") and standing.spouse(ctx, "eli") == "dee"
    standing.marry(ctx, "ada", "cy")
    assert standing.married(ctx, "cy", "ada") and standing.defied_clan(ctx, "cy")
    assert [e.to_json() for e in ctx.events] == [
        {"kind": "married", "who": "ada", "whom": "cy"},
        {"kind": "clan_duty_defied", "who": "cy", "clan": "tor"}]
    standing.marry(ctx, "cy", "ada")  # already: nothing more
    assert len(ctx.events) == 2
    with pytest.raises(Impossible, match="^Dee is already married to Eli$"):
        standing.marry(ctx, "bo", "dee")
    with pytest.raises(Impossible, match="^a marriage takes two people$"):
        standing.marry(ctx, "bo", "bo")


def test_the_elders_approval_spares_the_defiance(world: World) -> None:
    ctx = ctx_at(world)
    standing.elders_approve(ctx, "cy")
    standing.marry(ctx, "bo", "cy")
    assert not standing.defied_clan(ctx, "cy")
    assert kinds(ctx) == ["elders_approved", "married"]


def test_grudges_and_debts_are_seeded_remembered_and_forgotten(world: World) -> None:
    ctx = ctx_at(world)
    assert standing.grudge(ctx, "cy", "ada") and standing.grudge(ctx, "watch", "cy")
    assert standing.debt(ctx, "eli", "cy") and not standing.debt(ctx, "cy", "eli")
    standing.remember(ctx, "bo", "cy", "debt")
    standing.remember(ctx, "bo", "cy", "debt")
    assert standing.debt(ctx, "bo", "cy")
    standing.forget(ctx, "cy", "ada", "grudge")
    assert not standing.grudge(ctx, "cy", "ada")
    assert [e.to_json() for e in ctx.events] == [
        {"kind": "remembered", "who": "bo", "whom": "cy", "memory": "debt"},
        {"kind": "forgotten", "who": "cy", "whom": "ada", "memory": "grudge"}]


def test_a_spouse_who_is_not_there_is_a_load_error(tmp_path: Path) -> None:
    root = make_rules_pack(tmp_path / "pack", {"characters.yaml": CHARACTERS.replace(
        "married_to: dee, debts", "married_to: ada, debts")})
    with pytest.raises(ContentError) as err:
        load_pack(root)
    assert err.value.problems == [
        "characters.yaml:5:74: expected 'eli' to be married to 'dee', found them married to "
        "'ada'"]
