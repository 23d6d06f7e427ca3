//! The fitted models and thresholds of one folder (`cleaner/fitted.py`):
//! `page_type.json`, `lexicon.json`, `body_model.json` (the body model's
//! trees and, in its `meta.thresholds`, CL601's decision thresholds) and
//! `gates.json` (for each pass, the page types on which it does not run).
//!
//! [`Models::shipped`] are the package's own files, included at build time
//! from `cleaner/data` (the one source: the Python reads the same files);
//! [`Models::load`] reads another folder (the `models=` option).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::LazyLock;

use serde::Deserialize;

use super::ModelError;
use super::forest::Forest;
use super::lexicon::Lexicon;
use super::typemodel::TypeModel;
use crate::catalogue::{self, Code};

/// A keep threshold no probability reaches: the pass is never overruled.
pub const NEVER: f64 = 1.01;
/// The files of a models folder, in the order they are read.
pub const FILES: [&str; 4] = [
    "page_type.json",
    "lexicon.json",
    "body_model.json",
    "gates.json",
];

/// The warning rule's file, optional in a models folder.
pub const WARNING_FILE: &str = "warning.json";

/// The page groups with thresholds of their own (the rules were written for
/// articles).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    Article,
    Other,
}

impl Group {
    pub const fn name(self) -> &'static str {
        match self {
            Group::Article => "article",
            Group::Other => "other",
        }
    }
}

/// The threshold group of a page type called with `confidence`: articles
/// (and pages of no known type, or of a type called less surely than
/// `other_at`) keep the articles' thresholds.
pub fn group_of(page_type: Option<&str>, confidence: f64, other_at: f64) -> Group {
    match page_type {
        None | Some("article") => Group::Article,
        _ if confidence < other_at => Group::Article,
        _ => Group::Other,
    }
}

/// CL601's fitted decision thresholds (`body_model.json`, `meta.thresholds`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Thresholds {
    /// Below this `P(content)` CL601 removes a line no pass removed, per group.
    pub remove: PerGroup,
    /// At or above this `P(content)` CL601 keeps a line a pass removed, by
    /// `"CODE|group"` or `"@family|group"`.
    pub keep: HashMap<String, f64>,
    pub guard_share: f64,
    pub guard_strong: f64,
    pub max_loss: f64,
    /// CL601 removes and overrules only on texts of which at least this share
    /// of the words is known to the lexicon.
    #[serde(default)]
    pub min_coverage: f64,
    /// A page gets the other types' thresholds only when its type is not
    /// article with at least this confidence.
    #[serde(default)]
    pub other_at: f64,
}

/// A threshold for each group.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
pub struct PerGroup {
    pub article: f64,
    pub other: f64,
}

/// The fitted gates (`gates.json`).
#[derive(Clone, Debug, PartialEq)]
pub struct Gates {
    /// Gates apply only when the page type is at least this sure.
    pub confidence: f64,
    /// For each pass code, the page types on which it does not run.
    pub types: BTreeMap<String, BTreeSet<String>>,
}

#[derive(Deserialize)]
struct Gate {
    types: BTreeSet<String>,
}

#[derive(Deserialize)]
struct GatesFile {
    #[serde(default)]
    confidence: f64,
    gates: BTreeMap<String, Gate>,
}

impl Gates {
    /// The gates from the text of a `gates.json`.
    pub fn from_json(text: &str) -> Result<Gates, ModelError> {
        let file: GatesFile = serde_json::from_str(text)?;
        Ok(Gates {
            confidence: file.confidence,
            types: file.gates.into_iter().map(|(c, g)| (c, g.types)).collect(),
        })
    }
}

/// When `Result.warning` says that cleaning took most of a text's content
/// (`warning.json`, its `rule`, fitted by `benchmarks/fit_warning.py`; see
/// `decision::vanished`).
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
pub struct WarningRule {
    /// Cleaning that takes more than this share of a text's content warns.
    pub share: f64,
    /// ... of a text with at least this much content (lexicon-weighted words).
    pub min_content: f64,
}

#[derive(Deserialize)]
struct WarningFile {
    rule: WarningRule,
}

impl WarningRule {
    /// The rule from the text of a `warning.json`.
    pub fn from_json(text: &str) -> Result<WarningRule, ModelError> {
        Ok(serde_json::from_str::<WarningFile>(text)?.rule)
    }
}

/// The warning rule shipped in `cleaner/data` (a models folder without a
/// `warning.json` uses it, as `cleaner/fitted.py` does).
static SHIPPED_WARNING: LazyLock<WarningRule> = LazyLock::new(|| {
    WarningRule::from_json(include_str!("../../cleaner/data/warning.json"))
        .unwrap_or_else(|err| panic!("the shipped warning.json does not load: {err}"))
});

/// The fitted data of one folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Models {
    pub page_type: TypeModel,
    pub lexicon: Lexicon,
    pub body: Forest,
    pub thresholds: Thresholds,
    pub gates: Gates,
    /// The folder's `warning.json`, else the shipped one.
    pub warning: WarningRule,
}

static SHIPPED: LazyLock<Models> = LazyLock::new(|| {
    Models::from_texts(
        include_str!("../../cleaner/data/page_type.json"),
        include_str!("../../cleaner/data/lexicon.json"),
        include_str!("../../cleaner/data/body_model.json"),
        include_str!("../../cleaner/data/gates.json"),
    )
    .unwrap_or_else(|(file, err)| panic!("the shipped {file} does not load: {err}"))
});

impl Models {
    /// The package's own models (`cleaner/data`, included at build time;
    /// parsed on first use).
    pub fn shipped() -> &'static Models {
        &SHIPPED
    }

    /// The models of the four files' texts (in the order of [`FILES`]); on
    /// failure, the file that failed and why.
    pub fn from_texts(
        page_type: &str,
        lexicon: &str,
        body: &str,
        gates: &str,
    ) -> Result<Models, (&'static str, ModelError)> {
        let page_type = TypeModel::from_json(page_type).map_err(|e| (FILES[0], e))?;
        let lexicon = Lexicon::from_json(lexicon).map_err(|e| (FILES[1], e))?;
        let body = Forest::from_json(body).map_err(|e| (FILES[2], e))?;
        let thresholds = body
            .meta
            .get("thresholds")
            .ok_or_else(|| ModelError::Invalid("no meta.thresholds".to_string()))
            .and_then(|t| Ok(Thresholds::deserialize(t)?))
            .map_err(|e| (FILES[2], e))?;
        let gates = Gates::from_json(gates).map_err(|e| (FILES[3], e))?;
        Ok(Models {
            page_type,
            lexicon,
            body,
            thresholds,
            gates,
            warning: *SHIPPED_WARNING,
        })
    }

    /// The models in `folder`: [`ModelError::Missing`] when a file is not
    /// there, [`ModelError::Bad`] when one cannot be read or is not a model.
    pub fn load(folder: &Path) -> Result<Models, ModelError> {
        let mut texts = Vec::with_capacity(FILES.len());
        for file in FILES {
            let path = folder.join(file);
            if !path.is_file() {
                return Err(ModelError::Missing {
                    folder: folder.to_path_buf(),
                    file,
                });
            }
            let text = std::fs::read_to_string(&path).map_err(|e| ModelError::Bad {
                folder: folder.to_path_buf(),
                file,
                detail: e.to_string(),
            })?;
            texts.push(text);
        }
        let mut models = Models::from_texts(&texts[0], &texts[1], &texts[2], &texts[3]).map_err(
            |(file, e)| ModelError::Bad {
                folder: folder.to_path_buf(),
                file,
                detail: e.to_string(),
            },
        )?;
        let path = folder.join(WARNING_FILE);
        if path.is_file() {
            let bad = |detail: String| ModelError::Bad {
                folder: folder.to_path_buf(),
                file: WARNING_FILE,
                detail,
            };
            let text = std::fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
            models.warning = WarningRule::from_json(&text).map_err(|e| bad(e.to_string()))?;
        }
        Ok(models)
    }

    /// Below this `P(content)` CL601 removes a line no pass removed.
    pub fn remove_at(&self, group: Group) -> f64 {
        match group {
            Group::Article => self.thresholds.remove.article,
            Group::Other => self.thresholds.remove.other,
        }
    }

    /// At or above this `P(content)` CL601 keeps a line pass `code` removed:
    /// the pass's own threshold if the files have one, else its family's,
    /// else [`NEVER`].
    pub fn keep_at(&self, code: Code, group: Group) -> f64 {
        let keep = &self.thresholds.keep;
        if let Some(&x) = keep.get(&format!("{code}|{}", group.name())) {
            return x;
        }
        catalogue::lookup(code)
            .and_then(|p| keep.get(&format!("@{}|{}", p.family.name(), group.name())))
            .copied()
            .unwrap_or(NEVER)
    }

    /// The pass codes the gates switch off on a page of type `page_type`
    /// called with `confidence` (none when the type is not sure enough).
    pub fn gated(&self, page_type: &str, confidence: f64) -> Vec<&str> {
        if confidence < self.gates.confidence {
            return Vec::new();
        }
        self.gates
            .types
            .iter()
            .filter(|(_, types)| types.contains(page_type))
            .map(|(code, _)| code.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_models_load() {
        let m = Models::shipped();
        assert_eq!(m.body.features[..2], ["log_words", "log_chars"]);
        assert_eq!(m.page_type.types.len(), 7);
        assert!(!m.lexicon.weights.is_empty());
        assert!(m.gates.confidence > 0.0 && !m.gates.types.is_empty());
        assert!(m.remove_at(Group::Article) > 0.0);
    }

    #[test]
    fn groups_of_page_types() {
        assert_eq!(group_of(Some("article"), 1.0, 0.0), Group::Article);
        assert_eq!(group_of(Some("forum"), 1.0, 0.0), Group::Other);
        assert_eq!(group_of(None, 1.0, 0.0), Group::Article);
        assert_eq!(group_of(Some("forum"), 0.45, 0.5), Group::Article);
    }

    fn models_with_keep(keep: &str) -> Models {
        let m = Models::shipped();
        let mut t = m.thresholds.clone();
        t.keep = serde_json::from_str(keep).unwrap();
        Models {
            thresholds: t,
            ..m.clone()
        }
    }

    #[test]
    fn keep_thresholds_by_pass_then_family() {
        let m = models_with_keep(r#"{"CL205|article": 0.7, "@head|article": 0.6}"#);
        assert_eq!(m.keep_at(Code::BREADCRUMB, Group::Article), 0.7);
        assert_eq!(m.keep_at(Code::SECTION_LABEL, Group::Article), 0.6);
        assert_eq!(m.keep_at(Code::SECTION_LABEL, Group::Other), NEVER);
        assert_eq!(m.keep_at(Code(999), Group::Article), NEVER);
    }

    #[test]
    fn a_folder_lacking_a_file_or_holding_a_bad_one() {
        let dir = std::env::temp_dir().join(format!("cleaner-models-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let err = Models::load(&dir).unwrap_err();
        assert!(matches!(
            err,
            ModelError::Missing {
                file: "page_type.json",
                ..
            }
        ));
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("cleaner/data");
        for file in FILES {
            std::fs::copy(data.join(file), dir.join(file)).unwrap();
        }
        assert_eq!(&Models::load(&dir).unwrap(), Models::shipped());
        std::fs::write(dir.join("gates.json"), "{").unwrap();
        let err = Models::load(&dir).unwrap_err();
        assert!(matches!(
            err,
            ModelError::Bad {
                file: "gates.json",
                ..
            }
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
