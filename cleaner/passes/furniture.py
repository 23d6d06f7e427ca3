"""CL1xx: rule passes for site furniture, driven by the phrase lists in
``cleaner/data/phrases.toml`` (English, German, French, Spanish, Italian,
Portuguese and Dutch). Each is a line pass: ``text -> reason | None``.
"""

from __future__ import annotations

from ..catalogue import line_pass
from ..phrases import matcher
from ..phrases import screen as phrase_screen


def _hit(table: str, text: str, what: str) -> str | None:
    kind = matcher(table).match(text)
    if kind is None:
        return None
    return f"{what} ({kind} match in phrase list {table!r})"


@line_pass("CL101", "read-also", order=101, screen=phrase_screen)
def read_also(text: str) -> str | None:
    """A cross-link to another article: "Read Also | <headline>", "ALSO READ: ...".

    >>> read_also("Read Also | Indian High Commissioner Challenges Canada")
    "cross-link to another article (prefix match in phrase list 'read_also')"
    >>> read_also("Lesen Sie auch: Die Lage in Nahost") is not None
    True
    >>> read_also("Read also the statement by the ministry, which was published on Monday.")
    """
    return _hit("read_also", text, "cross-link to another article")


@line_pass("CL102", "teaser-heading", order=102, screen=phrase_screen)
def teaser_heading(text: str) -> str | None:
    """The heading of a teaser block: "Latest articles", "More like this", "Related Articles".

    >>> teaser_heading("More like this") is not None
    True
    >>> teaser_heading("Artículos relacionados") is not None
    True
    >>> teaser_heading("More like this was expected, analysts said.")
    """
    return _hit("teaser_heading", text, "heading of a teaser block")


@line_pass("CL103", "back-to-top", order=103, screen=phrase_screen)
def back_to_top(text: str) -> str | None:
    """Page-navigation links: "Back to top button", "Skip to content", "Nach oben".

    >>> back_to_top("Back to top button")
    "page navigation link (line match in phrase list 'back_to_top')"
    >>> back_to_top("He went back to the top of the hill.")
    """
    return _hit("back_to_top", text, "page navigation link")


@line_pass("CL104", "audio-player", order=104, screen=phrase_screen)
def audio_player(text: str) -> str | None:
    """Audio-player prompts: "Getting your Trinity Audio player ready...", "Listen to this article".

    >>> audio_player("Getting your Trinity Audio player ready...") is not None
    True
    >>> audio_player("Artikel anhören") is not None
    True
    >>> audio_player("Listen to what the people of Taiwan are saying.")
    """
    return _hit("audio_player", text, "audio player prompt")


@line_pass("CL105", "notification-prompt", order=105, screen=phrase_screen)
def notification_prompt(text: str) -> str | None:
    """Browser-notification and pop-up buttons: "Enable Notifications OK", "No thanks".

    >>> notification_prompt("Enable Notifications OK") is not None
    True
    >>> notification_prompt("Enable notifications to hear about new stories first, she said.")
    """
    return _hit("notifications", text, "notification or pop-up prompt")


@line_pass("CL106", "icon-name", order=106, screen=phrase_screen)
def icon_name(text: str) -> str | None:
    """Icon ligature names that leak into text: "info_icon", "arrow_forward".

    >>> icon_name("info_icon") is not None
    True
    >>> icon_name("keyboard_double_arrow_right") is not None
    True
    >>> icon_name("Information")
    """
    return _hit("icon_names", text, "icon name")


@line_pass("CL107", "share-follow", order=107, screen=phrase_screen)
def share_follow(text: str) -> str | None:
    """Share, print and follow buttons: "Share this article", "Follow us on X", "WhatsApp".

    >>> share_follow("Share on Facebook") is not None
    True
    >>> share_follow("Click to share on Twitter (Opens in new window)") is not None
    True
    >>> share_follow("Shares in the company rose 4% on Friday.")
    """
    return _hit("share_follow", text, "share or follow button")


@line_pass("CL108", "newsletter", order=108, screen=phrase_screen)
def newsletter(text: str) -> str | None:
    """Newsletter, subscription and log-in boxes.

    >>> newsletter("Sign up for our daily newsletter to get the news in your inbox") is not None
    True
    >>> newsletter("Newsletter abonnieren") is not None
    True
    >>> newsletter("The newsletter, founded in 1998, now has 40,000 readers.")
    """
    return _hit("newsletter", text, "newsletter or subscription prompt")


@line_pass("CL109", "cookie-consent", order=109, screen=phrase_screen)
def cookie_consent(text: str) -> str | None:
    """Cookie and consent banners and their buttons.

    >>> cookie_consent("We use cookies to improve your experience. By continuing you agree.") is not None
    True
    >>> cookie_consent("Alle akzeptieren") is not None
    True
    >>> cookie_consent("The bakery sold 400 cookies on its first day.")
    """
    return _hit("cookies", text, "cookie or consent banner")


@line_pass("CL110", "advertisement", order=110, screen=phrase_screen)
def advertisement(text: str) -> str | None:
    """Advertisement labels: "Advertisement", "Story continues below advertisement", "Anzeige".

    >>> advertisement("ADVERTISEMENT") is not None
    True
    >>> advertisement("The advertisement ran for three weeks.")
    """
    return _hit("advertisement", text, "advertisement label")


@line_pass("CL111", "timestamp-stub", order=111, screen=phrase_screen)
def timestamp_stub(text: str) -> str | None:
    """Date or byline labels left without their value: "Published on", "Updated", "5 min read".

    >>> timestamp_stub("Published on") is not None
    True
    >>> timestamp_stub("4 min read") is not None
    True
    >>> timestamp_stub("Published on Monday, the report found that prices rose.")
    """
    return _hit("timestamp_stub", text, "date or byline label without content")


@line_pass("CL112", "copyright", order=112, screen=phrase_screen)
def copyright_line(text: str) -> str | None:
    """Copyright notices: "© 2024 Example Media", "All rights reserved".

    >>> copyright_line("© 2024 Example Media Ltd. All rights reserved.") is not None
    True
    >>> copyright_line("Copyright law was at the heart of the dispute between the publishers and the platform, which lasted for years and cost both sides dearly in legal fees, lawyers said on Tuesday after the ruling by the court.")
    """
    return _hit("copyright", text, "copyright notice")


@line_pass("CL113", "comments-prompt", order=113, screen=phrase_screen)
def comments_prompt(text: str) -> str | None:
    """Comment-section furniture: "Leave a Reply", "23 Comments", "Cancel reply".

    >>> comments_prompt("12 Comments") is not None
    True
    >>> comments_prompt("Comments from the minister were not available.")
    """
    return _hit("comments_prompt", text, "comment section prompt")


@line_pass("CL114", "read-more-link", order=114, screen=phrase_screen)
def read_more_link(text: str) -> str | None:
    """Bare links: "Read more", "Continue reading", "View all", "Weiterlesen".

    >>> read_more_link("Continue reading →") is not None
    True
    >>> read_more_link("Read more about the plan on the ministry's website.")
    """
    return _hit("read_more_link", text, "bare navigation link")


@line_pass("CL115", "image-credit", order=115, screen=phrase_screen)
def image_credit(text: str) -> str | None:
    """A line that is only a picture credit: "Photo: Reuters", "(AFP)", "Getty Images".

    >>> image_credit("Photo: Reuters") is not None
    True
    >>> image_credit("Getty Images") is not None
    True
    >>> image_credit("Reuters reported the talks on Friday.")
    """
    return _hit("image_credit", text, "picture credit")
