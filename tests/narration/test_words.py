"""Small English for templates: numbers and time in words, the shape of a reason, and when a
sentence only repeats the prose before it."""

from __future__ import annotations

import pytest

from bonds.narration._words import (
    count_word,
    days_span,
    echoes,
    hours_span,
    lower_first,
    ordinal_word,
    reason_shape,
)

PROPER = frozenset({"Iruka", "Kakashi", "Red", "Lotus", "ANBU"})


def test_numbers_read_as_words_in_prose() -> None:
    assert [count_word(n) for n in (0, 1, 12, 19, 20, 42, 99, 100)] == [
        "no", "one", "twelve", "nineteen", "twenty", "forty-two", "ninety-nine", "100"]
    assert [ordinal_word(n) for n in (1, 2, 3, 5, 12, 20, 21, 43, 101)] == [
        "first", "second", "third", "fifth", "twelfth", "twentieth", "twenty-first",
        "forty-third", "101st"]


def test_spans_of_time_read_as_a_person_says_them() -> None:
    assert [hours_span(n) for n in (0, 1, 9, 48)] == [
        "less than an hour", "an hour", "nine hours", "two days"]
    assert [days_span(n) for n in (1, 3, 7, 10, 21, 30, 90)] == [
        "a day", "three days", "a week", "more than a week", "three weeks", "a month",
        "three months"]


@pytest.mark.parametrize(("reason", "shape"), [
    ("Iruka kept the sting to himself", "clause"),
    ("they said yes together", "clause"),
    ("the Hokage hit him for real", "clause"),
    ("the answer did not help", "clause"),
    ("kept the band from him", "deed"),
    ("asked to share a home", "deed"),
    ("a first kiss, for practice", "thing"),
    ("an oath kept on the road", "thing"),
    ("matching shirts", "thing"),
])
def test_a_reason_has_a_shape(reason: str, shape: str) -> None:
    assert reason_shape(reason, PROPER) == shape


def test_a_first_word_is_made_small_unless_it_is_a_name() -> None:
    assert lower_first("The tale is told in every bar.", PROPER) == \
        "the tale is told in every bar."
    assert lower_first("Kill Kenji, his partner.", PROPER) == "kill Kenji, his partner."
    for kept in ("Red Lotus runners trail the pair.", "Iruka flinched.", "ANBU came."):
        assert lower_first(kept, PROPER) == kept


def test_a_sentence_that_only_repeats_the_prose_before_it_is_an_echo() -> None:
    deed = "Iruka kissed him, for practice, and looked away."
    assert echoes("a first kiss, for practice", deed, PROPER)
    assert not echoes("the quarrel about dying for the mission", "They fought about it.",
                      PROPER)
    assert echoes("The door of the inn was trapped now.",
                  "Kakashi laid a trap across the door.", PROPER, 2 / 3, 2)
    assert not echoes("The door was trapped.", "", PROPER)
