//! Layer 0: the types several layers share (`cleaner/model.py`): a page's
//! lines and its page type.

/// WCXB's seven page types, in the order every probability vector uses.
pub const PAGE_TYPES: [&str; 7] = [
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
];

/// One line of normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The position among the page's segments.
    pub index: usize,
    /// The 1-based line number in the normalized input.
    pub line_no: usize,
    pub text: String,
    /// Blank lines before it.
    pub gap_before: usize,
}

/// Where a page type came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeSource {
    /// The user named it (`page_type=`).
    Config,
    /// The HTML extraction found it.
    Html,
    /// The text's page-type model.
    Text,
}

impl TypeSource {
    pub const fn name(self) -> &'static str {
        match self {
            TypeSource::Config => "config",
            TypeSource::Html => "html",
            TypeSource::Text => "text",
        }
    }
}

/// What kind of page a text is: the most probable type, how sure, and every
/// type's probability (in the order of [`PAGE_TYPES`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageType {
    pub name: &'static str,
    pub confidence: f64,
    pub probabilities: [f64; 7],
    pub source: TypeSource,
}

impl PageType {
    /// The page type a user named: certain (`None` for a name that is not a
    /// page type).
    pub fn configured(name: &str) -> Option<PageType> {
        let at = PAGE_TYPES.iter().position(|&t| t == name)?;
        let mut probabilities = [0.0; 7];
        probabilities[at] = 1.0;
        Some(PageType {
            name: PAGE_TYPES[at],
            confidence: 1.0,
            probabilities,
            source: TypeSource::Config,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_type_is_certain() {
        let t = PageType::configured("forum").unwrap();
        assert_eq!(
            (t.name, t.confidence, t.source),
            ("forum", 1.0, TypeSource::Config)
        );
        assert_eq!(t.probabilities, [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        assert!(PageType::configured("blog").is_none());
    }
}
