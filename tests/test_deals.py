"""Deal status from the verb and tense, on sentences written for these tests."""

from __future__ import annotations

import pytest

from knowledge.deals import deal_status


@pytest.mark.parametrize(("sentence", "status"), [
    ("Hanwha and the Polish army signed a contract for 180 tanks.", "signed"),
    ("The two firms inked a supply deal on Friday.", "signed"),
    ("Airbus plans to sign the order at the air show.", "planned"),
    ("Both governments are expected to sign the memorandum next month.", "planned"),
    ("The city will sign a lease with the operator.", "planned"),
    ("Kongsberg is negotiating a missile contract with Lithuania.", "negotiating"),
    ("Talks on a joint venture are under way; the companies remain in talks.", "negotiating"),
    ("The ministers agreed on joint procurement of shells.", "agreed"),
    ("The utility is already cooperating with Siemens Energy.", "ongoing"),
    ("Spain and Portugal plan to establish a joint hydrogen corridor.", "planned"),
    ("The companies announced a partnership on Tuesday.", "announced"),
    ("Leaders discussed cooperation in space research.", "discussed"),
])
def test_status_comes_from_verb_and_tense(sentence: str, status: str) -> None:
    assert deal_status(sentence) == status
