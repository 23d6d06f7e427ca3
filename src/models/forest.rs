//! Gradient-boosted trees as data (`cleaner/forest.py`): a binary LightGBM
//! ensemble flattened into arrays by `benchmarks/fit.py`
//! (`cleaner/data/body_model.json`), `p = sigmoid(base + sum of leaf values)`.
//!
//! Scores are bit-identical to the Python's numpy evaluation: the leaf values
//! of a row are summed over the trees in order (numpy reduces a `(trees,
//! rows)` array along its outer axis one tree after another), except for a
//! chunk of one row, which numpy sums pairwise; rows go in chunks of
//! [`CHUNK_ROWS`] as there.
//!
//! [`Forest::contributions`] splits a row's score among the features (Saabas:
//! each split on the path credits its feature with the change of the
//! expected value), which is how a removed line's reason names its strongest
//! evidence.

use serde::Deserialize;

use super::{ModelError, pairwise_sum};

/// Rows evaluated at once in the Python (it decides the order of a sum).
pub const CHUNK_ROWS: usize = 2048;

/// One tree: parallel arrays over its nodes; a leaf points to itself, has
/// feature 0 and threshold `+inf`, and holds its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree {
    pub feature: Vec<usize>,
    pub threshold: Vec<f64>,
    pub left: Vec<usize>,
    pub right: Vec<usize>,
    /// The expected value at every node (the leaf value at leaves).
    pub value: Vec<f64>,
}

impl Tree {
    /// The node `row` moves to from `node` (itself at a leaf).
    #[inline]
    fn step(&self, node: usize, row: &[f64]) -> usize {
        if row[self.feature[node]] <= self.threshold[node] {
            self.left[node]
        } else {
            self.right[node]
        }
    }
}

/// A binary tree ensemble.
#[derive(Clone, Debug, PartialEq)]
pub struct Forest {
    /// The names of the feature columns it reads, in its order.
    pub features: Vec<String>,
    pub base: f64,
    pub trees: Vec<Tree>,
    /// Steps from the root that reach a leaf in every tree.
    pub depth: usize,
    /// What the fit recorded (`meta`: the thresholds of CL601 among them).
    pub meta: serde_json::Value,
}

#[derive(Deserialize)]
struct TreeFile {
    feature: Vec<i64>,
    threshold: Vec<f64>,
    left: Vec<i64>,
    right: Vec<i64>,
    value: Vec<f64>,
}

#[derive(Deserialize)]
struct ForestFile {
    features: Vec<String>,
    base: f64,
    depth: usize,
    trees: Vec<TreeFile>,
    #[serde(default)]
    meta: serde_json::Value,
}

fn bad(detail: String) -> ModelError {
    ModelError::Invalid(detail)
}

impl Forest {
    /// A forest from the text of a `body_model.json`.
    pub fn from_json(text: &str) -> Result<Forest, ModelError> {
        let file: ForestFile = serde_json::from_str(text)?;
        let width = file.features.len();
        let mut trees = Vec::with_capacity(file.trees.len());
        for (t, tree) in file.trees.into_iter().enumerate() {
            let n = tree.feature.len();
            if [
                tree.threshold.len(),
                tree.left.len(),
                tree.right.len(),
                tree.value.len(),
            ]
            .iter()
            .any(|&k| k != n)
            {
                return Err(bad(format!("tree {t}: arrays of different lengths")));
            }
            let node = |i: i64| -> Result<usize, ModelError> {
                usize::try_from(i)
                    .ok()
                    .filter(|&i| i < n)
                    .ok_or_else(|| bad(format!("tree {t}: no node {i}")))
            };
            let mut out = Tree {
                feature: Vec::with_capacity(n),
                threshold: Vec::with_capacity(n),
                left: tree
                    .left
                    .iter()
                    .map(|&i| node(i))
                    .collect::<Result<_, _>>()?,
                right: tree
                    .right
                    .iter()
                    .map(|&i| node(i))
                    .collect::<Result<_, _>>()?,
                value: tree.value,
            };
            for (&f, &x) in tree.feature.iter().zip(&tree.threshold) {
                if f >= 0 && f as usize >= width {
                    return Err(bad(format!("tree {t}: no feature {f}")));
                }
                out.feature.push(f.max(0) as usize);
                out.threshold.push(if f < 0 { f64::INFINITY } else { x });
            }
            trees.push(out);
        }
        Ok(Forest {
            features: file.features,
            base: file.base,
            trees,
            depth: file.depth,
            meta: file.meta,
        })
    }

    /// Indices into `names` of the features this model reads, in its order
    /// (`None` for a feature `names` lacks).
    pub fn columns<S: AsRef<str>>(&self, names: &[S]) -> Option<Vec<usize>> {
        self.features
            .iter()
            .map(|f| names.iter().position(|n| n.as_ref() == f))
            .collect()
    }

    /// The leaf `row` reaches in `tree` (`depth` steps).
    fn leaf(&self, tree: &Tree, row: &[f64]) -> usize {
        let mut node = 0;
        for _ in 0..self.depth {
            node = tree.step(node, row);
        }
        node
    }

    /// The summed score (log-odds) of every row of `x` (`rows * features`,
    /// row-major; columns in the order of `features`).
    pub fn raw(&self, x: &[f64]) -> Vec<f64> {
        let width = self.features.len().max(1);
        let rows = x.len() / width;
        let mut out = Vec::with_capacity(rows);
        let mut leaves = Vec::with_capacity(self.trees.len());
        for start in (0..rows).step_by(CHUNK_ROWS) {
            let end = (start + CHUNK_ROWS).min(rows);
            for r in start..end {
                let row = &x[r * width..(r + 1) * width];
                leaves.clear();
                leaves.extend(self.trees.iter().map(|t| t.value[self.leaf(t, row)]));
                let sum = if end - start == 1 {
                    pairwise_sum(&leaves)
                } else {
                    leaves.iter().fold(0.0, |acc, v| acc + v)
                };
                out.push(self.base + sum);
            }
        }
        out
    }

    /// `P(class 1)` for every row of `x` (see [`Forest::raw`]).
    pub fn predict(&self, x: &[f64]) -> Vec<f64> {
        self.raw(x)
            .into_iter()
            .map(|z| 1.0 / (1.0 + (-z).exp()))
            .collect()
    }

    /// How much each feature moved each row's score (Saabas), `rows *
    /// features` row-major; a row's sum is its `raw` less `base` and the
    /// trees' root values. Each cell adds its changes level by level, tree by
    /// tree, as the Python's `np.add.at` does.
    pub fn contributions(&self, x: &[f64]) -> Vec<f64> {
        let width = self.features.len().max(1);
        let rows = x.len() / width;
        let mut out = vec![0.0; rows * self.features.len()];
        let mut nodes = vec![0usize; self.trees.len()];
        for r in 0..rows {
            let row = &x[r * width..(r + 1) * width];
            let cells = &mut out[r * self.features.len()..(r + 1) * self.features.len()];
            nodes.fill(0);
            for _ in 0..self.depth {
                for (tree, node) in self.trees.iter().zip(nodes.iter_mut()) {
                    let child = tree.step(*node, row);
                    if child != *node {
                        cells[tree.feature[*node]] += tree.value[child] - tree.value[*node];
                        *node = child;
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_SPLIT: &str = r#"{"features": ["a"], "base": 0.0, "depth": 1, "trees": [
        {"feature": [0, -1, -1], "threshold": [0.5, 0, 0], "left": [1, 1, 2],
         "right": [2, 1, 2], "value": [0.0, -2.0, 2.0]}]}"#;

    fn round3(x: f64) -> f64 {
        (x * 1000.0).round() / 1000.0
    }

    #[test]
    fn predicts_through_the_trees() {
        let f = Forest::from_json(ONE_SPLIT).unwrap();
        let p: Vec<f64> = f.predict(&[0.0, 1.0]).into_iter().map(round3).collect();
        assert_eq!(p, [0.119, 0.881]);
        assert_eq!(f.raw(&[0.5]), [-2.0]); // x <= threshold goes left
        assert!(f.raw(&[]).is_empty());
    }

    #[test]
    fn contributions_follow_the_path() {
        let f = Forest::from_json(
            r#"{"features": ["a", "b"], "base": 0.0, "depth": 1, "trees": [
            {"feature": [1, -1, -1], "threshold": [0.5, 0, 0], "left": [1, 1, 2],
             "right": [2, 1, 2], "value": [0.5, -2.0, 2.0]}]}"#,
        )
        .unwrap();
        assert_eq!(
            f.contributions(&[0.0, 0.0, 0.0, 1.0]),
            [0.0, -2.5, 0.0, 1.5]
        );
    }

    #[test]
    fn a_leaf_above_the_last_level_stays() {
        // depth 2: the left child is a leaf at level 1
        let f = Forest::from_json(
            r#"{"features": ["a"], "base": 1.0, "depth": 2, "trees": [
            {"feature": [0, -1, 0, -1, -1], "threshold": [0.5, 0, 2.0, 0, 0],
             "left": [1, 1, 3, 3, 4], "right": [2, 1, 4, 3, 4],
             "value": [0.0, -1.0, 1.0, 0.5, 3.0]}]}"#,
        )
        .unwrap();
        assert_eq!(f.raw(&[0.0, 1.0, 5.0]), [0.0, 1.5, 4.0]);
        assert_eq!(f.contributions(&[0.0]), [-1.0]);
        assert_eq!(f.contributions(&[5.0]), [3.0]);
    }

    #[test]
    fn one_row_sums_pairwise_more_rows_in_order() {
        // 9 leaf values: a pairwise sum and a running one differ in the last bit
        let values = [1e16, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1e16];
        let trees: Vec<String> = values
            .iter()
            .map(|v| {
                format!(
                    r#"{{"feature": [-1], "threshold": [0], "left": [0], "right": [0], "value": [{v:e}]}}"#
                )
            })
            .collect();
        let json = format!(
            r#"{{"features": ["a"], "base": 0.0, "depth": 1, "trees": [{}]}}"#,
            trees.join(",")
        );
        let f = Forest::from_json(&json).unwrap();
        let running = values.iter().fold(0.0, |a, v| a + v);
        assert_ne!(pairwise_sum(&values), running);
        assert_eq!(f.raw(&[0.0]), [pairwise_sum(&values)]);
        assert_eq!(f.raw(&[0.0, 0.0]), [running, running]);
    }

    #[test]
    fn rejects_a_broken_file() {
        let broken = ONE_SPLIT.replace("[1, 1, 2]", "[1, 1, 7]");
        assert!(Forest::from_json(&broken).is_err());
        assert!(Forest::from_json(&ONE_SPLIT.replace("[0, -1, -1]", "[3, -1, -1]")).is_err());
        assert!(Forest::from_json("{}").is_err());
    }

    #[test]
    fn finds_its_columns() {
        let f = Forest::from_json(ONE_SPLIT).unwrap();
        assert_eq!(f.columns(&["b", "a"]), Some(vec![1]));
        assert_eq!(f.columns(&["b"]), None);
    }
}
