"""Per-rule positive and negative cases for the furniture passes, in several languages."""

from __future__ import annotations

import pytest

from cleaner.registry import get

POSITIVE = [
    ("CL101", "Read Also | Harbour City Ferry Fares To Rise In Spring"),
    ("CL101", "ALSO READ: Heatwave Grips North India"),
    ("CL101", "Lesen Sie auch: Die Lage im Hafen"),
    ("CL101", "Lire aussi : La grève des dockers continue"),
    ("CL101", "Lee también: El puerto amplía su terminal"),
    ("CL101", "Leggi anche: Il porto cresce"),
    ("CL101", "Leia também: O porto cresce"),
    ("CL101", "Lees ook: De haven groeit"),
    ("CL102", "Latest articles"),
    ("CL102", "More like this"),
    ("CL102", "Related Articles"),
    ("CL102", "You may also like"),
    ("CL102", "Das könnte Sie auch interessieren"),
    ("CL102", "Articles similaires"),
    ("CL103", "Back to top button"),
    ("CL103", "Nach oben"),
    ("CL103", "Retour en haut"),
    ("CL104", "Getting your Trinity Audio player ready..."),
    ("CL104", "Listen to this article"),
    ("CL104", "Écouter cet article"),
    ("CL105", "Enable Notifications OK"),
    ("CL106", "info_icon"),
    ("CL107", "Share this article"),
    ("CL107", "Artikel teilen"),
    ("CL108", "Sign up for our newsletter"),
    ("CL108", "Abonnez-vous à notre newsletter gratuite"),
    ("CL109", "We use cookies to give you the best experience on our website."),
    ("CL109", "Tout accepter"),
    ("CL110", "Advertisement"),
    ("CL110", "Anzeige"),
    ("CL110", "Publicidad"),
    ("CL111", "Published on"),
    ("CL111", "Updated"),
    ("CL111", "Veröffentlicht am"),
    ("CL112", "© 2024 Harbour Media Group. All rights reserved."),
    ("CL112", "Tous droits réservés"),
    ("CL113", "Leave a Reply"),
    ("CL113", "23 Comments"),
    ("CL114", "Continue reading"),
    ("CL114", "Weiterlesen"),
    ("CL115", "Photo: Reuters"),
    ("CL115", "(AFP)"),
]

NEGATIVE = [
    ("CL101", "Read also the report, which the ministry published on Monday."),
    ("CL102", "Related articles in the journal describe the same effect in mice."),
    ("CL103", "The climbers went back to the top of the ridge on Tuesday."),
    ("CL104", "Listen to the people of the northern districts, the mayor said."),
    ("CL105", "Enable notifications to hear about new stories first, the app says."),
    ("CL106", "Information"),
    ("CL107", "Shares in the company rose 4 per cent on Friday."),
    ("CL108", "The newsletter, founded in 1998, now has 40,000 readers."),
    ("CL109", "The bakery sold 400 cookies on its first day."),
    ("CL110", "The advertisement ran for three weeks in the national papers."),
    ("CL111", "Published on Monday, the report found that prices rose."),
    ("CL112", "Copyright law was at the heart of the dispute between the publishers."),
    ("CL113", "Comments from the minister were not available on Sunday."),
    ("CL114", "Read more about the plan on the ministry's website."),
    ("CL115", "Reuters reported the talks on Friday."),
    # a table's row of dated figures is data, no trail (#23)
    ("CL205", "4/1/2018 +7.5%"),
    ("CL205", "Q3 / 2021 / -4.5%"),
]


@pytest.mark.parametrize(("code", "line"), POSITIVE)
def test_rule_removes(code, line):
    assert get(code).func(line), f"{code} should remove {line!r}"


@pytest.mark.parametrize(("code", "line"), NEGATIVE)
def test_rule_keeps(code, line):
    assert get(code).func(line) is None, f"{code} should keep {line!r}"


def test_every_furniture_rule_has_cases():
    codes = {p for p, _ in POSITIVE} & {n for n, _ in NEGATIVE}
    assert {f"CL1{n:02d}" for n in range(1, 16)} <= codes
