"""Every rule code of the catalogue fires on a report made to break it (tests/helpers).

Parametrized over resources/rules.toml, so a new rule without a fixture fails here, and a rule
whose check was lost or renamed fails too.
"""

from __future__ import annotations

import pytest

from rules import all_rules, check
from tests.helpers.rule_fixtures import FIXTURES, previous_of
from tests.rules.generate import consistent_report

LIVE = [r for r in all_rules() if not r.removed]


@pytest.mark.parametrize("rule", LIVE, ids=[r.code for r in LIVE])
def test_rule_fires_on_its_fixture(rule) -> None:
    make = FIXTURES.get(rule.code)
    assert make is not None, f"{rule.code}（{rule.title}）has no fixture in tests/helpers"
    report, previous = make()
    assert rule.code in {f.code for f in check(report, previous)}


def test_the_report_the_fixtures_start_from_breaks_no_rule() -> None:
    """So it is each fixture's change that makes its rule speak."""
    report = consistent_report(1)
    assert not check(report, previous_of(report))


def test_no_fixture_for_a_rule_that_is_not_in_the_catalogue() -> None:
    assert set(FIXTURES) <= {r.code for r in LIVE}
