//! CL1xx: rule passes for site furniture, driven by the phrase lists of
//! `cleaner/data/phrases.toml` (the port of `cleaner/passes/furniture.py`).
//! Each is a line pass: a table's hit on the line is the reason.

use std::sync::LazyLock;

use crate::catalogue::Code;
use crate::lists::phrases::Phrases;

use super::{LinePass, Reason, Screen};

/// The index of table `name` in the shipped phrase lists.
pub(crate) fn table_index(name: &str) -> usize {
    Phrases::shipped()
        .table(name)
        .unwrap_or_else(|| panic!("phrases.toml has no table {name:?}"))
}

/// A table's hit on `text` as a reason: what the line is, the kind of hit,
/// the table.
pub(crate) fn phrase_hit(
    table: usize,
    name: &'static str,
    what: &'static str,
    text: &str,
) -> Option<Reason> {
    Phrases::shipped()
        .match_table(table, text)
        .map(|hit| Reason::Phrase {
            what,
            hit,
            table: name,
        })
}

/// Each furniture pass's table and what its hits are, in run order.
const RULES: [(Code, &str, &str); 15] = [
    (
        Code::READ_ALSO,
        "read_also",
        "cross-link to another article",
    ),
    (
        Code::TEASER_HEADING,
        "teaser_heading",
        "heading of a teaser block",
    ),
    (Code::BACK_TO_TOP, "back_to_top", "page navigation link"),
    (Code::AUDIO_PLAYER, "audio_player", "audio player prompt"),
    (
        Code::NOTIFICATION_PROMPT,
        "notifications",
        "notification or pop-up prompt",
    ),
    (Code::ICON_NAME, "icon_names", "icon name"),
    (Code::SHARE_FOLLOW, "share_follow", "share or follow button"),
    (
        Code::NEWSLETTER,
        "newsletter",
        "newsletter or subscription prompt",
    ),
    (Code::COOKIE_CONSENT, "cookies", "cookie or consent banner"),
    (Code::ADVERTISEMENT, "advertisement", "advertisement label"),
    (
        Code::TIMESTAMP_STUB,
        "timestamp_stub",
        "date or byline label without content",
    ),
    (Code::COPYRIGHT, "copyright", "copyright notice"),
    (
        Code::COMMENTS_PROMPT,
        "comments_prompt",
        "comment section prompt",
    ),
    (
        Code::READ_MORE_LINK,
        "read_more_link",
        "bare navigation link",
    ),
    (Code::IMAGE_CREDIT, "image_credit", "picture credit"),
];

/// The tables of [`RULES`], found once.
static TABLES: LazyLock<[usize; 15]> =
    LazyLock::new(|| RULES.map(|(_, name, _)| table_index(name)));

fn rule<const N: usize>(text: &str) -> Option<Reason> {
    let (_, name, what) = RULES[N];
    phrase_hit(TABLES[N], name, what, text)
}

const fn pass<const N: usize>() -> LinePass {
    LinePass {
        code: RULES[N].0,
        screen: Screen::Phrases,
        rule: rule::<N>,
    }
}

/// CL101-CL115, in run order.
pub static LINE_PASSES: &[LinePass] = &[
    pass::<0>(),
    pass::<1>(),
    pass::<2>(),
    pass::<3>(),
    pass::<4>(),
    pass::<5>(),
    pass::<6>(),
    pass::<7>(),
    pass::<8>(),
    pass::<9>(),
    pass::<10>(),
    pass::<11>(),
    pass::<12>(),
    pass::<13>(),
    pass::<14>(),
];

#[cfg(test)]
mod tests {
    use super::super::line_pass;
    use super::*;

    /// The verdict of pass `code` on `text`, rendered.
    fn verdict(code: Code, text: &str) -> Option<String> {
        line_pass(code)
            .unwrap()
            .verdict(text)
            .map(|r| r.to_string())
    }

    fn removes(code: Code, text: &str) -> bool {
        verdict(code, text).is_some()
    }

    #[test]
    fn the_rules_are_the_catalogues_furniture_in_order() {
        let codes: Vec<Code> = LINE_PASSES.iter().map(|p| p.code).collect();
        let furniture: Vec<Code> = crate::catalogue::PASSES
            .iter()
            .filter(|p| p.family == crate::catalogue::Family::Furniture)
            .map(|p| p.code)
            .collect();
        assert_eq!(codes, furniture);
    }

    #[test]
    fn cross_links_and_teaser_headings() {
        assert_eq!(
            verdict(
                Code::READ_ALSO,
                "Read Also | Indian High Commissioner Challenges Canada"
            )
            .as_deref(),
            Some("cross-link to another article (prefix match in phrase list 'read_also')")
        );
        assert!(removes(
            Code::READ_ALSO,
            "Lesen Sie auch: Die Lage in Nahost"
        ));
        assert!(!removes(
            Code::READ_ALSO,
            "Read also the statement by the ministry, which was published on Monday."
        ));
        assert!(removes(Code::TEASER_HEADING, "More like this"));
        assert!(removes(Code::TEASER_HEADING, "Artículos relacionados"));
        assert!(!removes(
            Code::TEASER_HEADING,
            "More like this was expected, analysts said."
        ));
    }

    #[test]
    fn navigation_players_and_prompts() {
        assert_eq!(
            verdict(Code::BACK_TO_TOP, "Back to top button").as_deref(),
            Some("page navigation link (line match in phrase list 'back_to_top')")
        );
        assert!(!removes(
            Code::BACK_TO_TOP,
            "He went back to the top of the hill."
        ));
        assert!(removes(
            Code::AUDIO_PLAYER,
            "Getting your Trinity Audio player ready..."
        ));
        assert!(removes(Code::AUDIO_PLAYER, "Artikel anhören"));
        assert!(!removes(
            Code::AUDIO_PLAYER,
            "Listen to what the people of Taiwan are saying."
        ));
        assert!(removes(
            Code::NOTIFICATION_PROMPT,
            "Enable Notifications OK"
        ));
        assert!(!removes(
            Code::NOTIFICATION_PROMPT,
            "Enable notifications to hear about new stories first, she said."
        ));
        assert!(removes(Code::ICON_NAME, "info_icon"));
        assert!(removes(Code::ICON_NAME, "keyboard_double_arrow_right"));
        assert!(!removes(Code::ICON_NAME, "Information"));
    }

    #[test]
    fn buttons_boxes_and_banners() {
        assert!(removes(Code::SHARE_FOLLOW, "Share on Facebook"));
        assert!(removes(
            Code::SHARE_FOLLOW,
            "Click to share on Twitter (Opens in new window)"
        ));
        assert!(!removes(
            Code::SHARE_FOLLOW,
            "Shares in the company rose 4% on Friday."
        ));
        assert!(removes(
            Code::NEWSLETTER,
            "Sign up for our daily newsletter to get the news in your inbox"
        ));
        assert!(removes(Code::NEWSLETTER, "Newsletter abonnieren"));
        assert!(!removes(
            Code::NEWSLETTER,
            "The newsletter, founded in 1998, now has 40,000 readers."
        ));
        assert!(removes(
            Code::COOKIE_CONSENT,
            "We use cookies to improve your experience. By continuing you agree."
        ));
        assert!(removes(Code::COOKIE_CONSENT, "Alle akzeptieren"));
        assert!(!removes(
            Code::COOKIE_CONSENT,
            "The bakery sold 400 cookies on its first day."
        ));
        assert!(removes(Code::ADVERTISEMENT, "ADVERTISEMENT"));
        assert!(!removes(
            Code::ADVERTISEMENT,
            "The advertisement ran for three weeks."
        ));
    }

    #[test]
    fn labels_notices_and_links() {
        assert!(removes(Code::TIMESTAMP_STUB, "Published on"));
        assert!(removes(Code::TIMESTAMP_STUB, "4 min read"));
        assert!(!removes(
            Code::TIMESTAMP_STUB,
            "Published on Monday, the report found that prices rose."
        ));
        assert!(removes(
            Code::COPYRIGHT,
            "© 2024 Example Media Ltd. All rights reserved."
        ));
        assert!(!removes(
            Code::COPYRIGHT,
            "Copyright law was at the heart of the dispute between the publishers and the \
             platform, which lasted for years and cost both sides dearly in legal fees, lawyers \
             said on Tuesday after the ruling by the court."
        ));
        assert!(removes(Code::COMMENTS_PROMPT, "12 Comments"));
        assert!(!removes(
            Code::COMMENTS_PROMPT,
            "Comments from the minister were not available."
        ));
        assert!(removes(Code::READ_MORE_LINK, "Continue reading →"));
        assert!(!removes(
            Code::READ_MORE_LINK,
            "Read more about the plan on the ministry's website."
        ));
        assert!(removes(Code::IMAGE_CREDIT, "Photo: Reuters"));
        assert!(removes(Code::IMAGE_CREDIT, "Getty Images"));
        assert!(!removes(
            Code::IMAGE_CREDIT,
            "Reuters reported the talks on Friday."
        ));
    }

    #[test]
    fn the_screen_is_a_necessary_condition() {
        let p = line_pass(Code::BACK_TO_TOP).unwrap();
        let long = "Back to top ".repeat(500);
        assert!(!Screen::Phrases.passes(&long));
        assert!(p.verdict(&long).is_none());
    }
}
