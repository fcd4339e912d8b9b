"""The literal strings read off a pattern, which decide what the pattern is never run on."""

from __future__ import annotations

import re

import pytest

from kb.analysis.literals import may_match, occurrences, required_literals


@pytest.mark.parametrize(
    ("pattern", "triggers"),
    [
        (r"\bdo(?:es)?\s+not\s+(?:control|govern)\b", ("control", "govern")),
        (r"\b[Uu]nlike\b", ("nlike",)),
        (r"(?:a|b)?xyz", ("xyz",)),  # an optional part holds nothing a match must contain
        (r"(?:ab|)cd", ("cd",)),  # nor does a group with an empty alternative
        (r"(?i)overruled", ()),  # case-insensitive: no literal is certain
        (r"(?:foo)+bar", ("foo",)),
        (r"\d+", ()),
    ],
)
def test_required_literals_are_read_off_the_pattern(pattern, triggers):
    assert required_literals(re.compile(pattern)) == triggers


def test_occurrences_include_overlapping_ones():
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    assert occurrences("abc", "x") == []


def test_a_pattern_with_no_literals_may_match_anything():
    assert may_match((), "anything") and may_match(("nlike",), "Unlike") and not may_match(("nlike",), "like")
