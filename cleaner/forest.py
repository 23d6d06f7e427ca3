"""Gradient-boosted trees as data: evaluate a fitted ensemble with numpy.

A model file (JSON, written by ``benchmarks/fit.py``) holds the trees of a
binary LightGBM model flattened into arrays, the names of the feature columns
it reads, and the figures it had when it was fitted. Cleaning never imports
LightGBM: :class:`Forest` walks every tree for every row at once, one level
per step, so a page costs ``depth`` vectorised steps whatever its length.
For scoring, each tree is also laid out as a complete binary tree of that
depth (node ``k``'s children are ``2k+1`` and ``2k+2``, a leaf above the last
level copied down to it), so a step is one comparison and no child lookup.

``Forest.contributions`` splits one row's score among the features
(Saabas' method: each split on the path credits its feature with the change
of the expected value), which is how a removed line's reason names its
strongest evidence.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

#: Rows evaluated at once (bounds the ``trees x rows`` work arrays).
CHUNK_ROWS = 2048
#: Models with deeper trees are walked node by node (``Forest._walk``) rather than
#: laid out as complete trees, which hold ``2**(depth + 1) - 1`` nodes each: 25 kB
#: a tree at depth 10, a megabyte at 15 (the shipped body model has depth 6).
COMPLETE_MAX_DEPTH = 10


@dataclass(frozen=True, slots=True)
class Forest:
    """A binary tree ensemble: ``p = sigmoid(base + sum of leaf values)``.

    Arrays are ``(trees, nodes)``; a leaf points to itself and holds its value,
    so walking ``depth`` steps from the root ends on a leaf in every tree.
    """

    features: tuple[str, ...]
    base: float
    feature: np.ndarray  # int32: column read at each node (0 at leaves)
    threshold: np.ndarray  # float64: go left when x <= threshold (+inf at leaves)
    left: np.ndarray  # int32
    right: np.ndarray  # int32
    value: np.ndarray  # float64: expected value at every node (the leaf value at leaves)
    depth: int
    meta: Mapping[str, Any]
    #: The same nodes in one array for all trees (ids offset by tree): roots,
    #: feature, threshold, left, right, value.
    flat: tuple[np.ndarray, ...] = ()
    #: The trees as complete binary trees of ``depth`` levels, one array for
    #: all (``2**depth - 1`` inner nodes, then ``2**depth`` leaves, per tree):
    #: feature and threshold of the inner nodes, value of the leaves.
    complete: tuple[np.ndarray, ...] = ()

    def __post_init__(self) -> None:
        trees, width = self.feature.shape
        offset = (np.arange(trees, dtype=np.int64) * width)[:, None]
        flat = (
            offset[:, 0],
            self.feature.ravel().astype(np.int64),
            self.threshold.ravel(),
            (self.left + offset).ravel(),
            (self.right + offset).ravel(),
            self.value.ravel(),
        )
        object.__setattr__(self, "flat", flat)
        if self.depth <= COMPLETE_MAX_DEPTH:
            object.__setattr__(self, "complete", self._complete())

    def _complete(self) -> tuple[np.ndarray, ...]:
        """The trees as complete binary trees of ``depth`` levels (see ``complete``)."""
        trees = self.feature.shape[0]
        inner = 2**self.depth - 1
        feature = np.zeros((trees, inner), dtype=np.intp)
        threshold = np.full((trees, inner), np.inf, dtype=np.float64)
        value = np.zeros((trees, inner + 1), dtype=np.float64)
        for t in range(trees):
            todo = [(0, 0, 0)]  # node, its place in the complete tree, its level
            while todo:
                node, place, level = todo.pop()
                if level == self.depth:
                    value[t, place - inner] = self.value[t, node]
                    continue
                if self.left[t, node] == node and self.right[t, node] == node:
                    # a leaf above the last level: both ways lead to a copy of it
                    todo += [(node, 2 * place + 1, level + 1), (node, 2 * place + 2, level + 1)]
                    continue
                feature[t, place] = self.feature[t, node]
                threshold[t, place] = self.threshold[t, node]
                todo.append((int(self.left[t, node]), 2 * place + 1, level + 1))
                todo.append((int(self.right[t, node]), 2 * place + 2, level + 1))
        # level by level, the trees side by side: node j of a level (tree j // 2**level)
        # has its children at 2j and 2j+1 of the next level, its leaves at j of ``value``
        levels = [slice(2**k - 1, 2 ** (k + 1) - 1) for k in range(self.depth)]
        return (
            np.concatenate([feature[:, s].ravel() for s in levels]),
            np.concatenate([threshold[:, s].ravel() for s in levels]),
            value.ravel(),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Forest:
        trees = data["trees"]
        width = max(len(t["feature"]) for t in trees) if trees else 1
        shape = (len(trees), width)
        feature = np.zeros(shape, dtype=np.int32)
        threshold = np.full(shape, np.inf, dtype=np.float64)
        left = np.tile(np.arange(width, dtype=np.int32), (len(trees), 1))
        right = left.copy()
        value = np.zeros(shape, dtype=np.float64)
        for t, tree in enumerate(trees):
            n = len(tree["feature"])
            feature[t, :n] = [max(f, 0) for f in tree["feature"]]
            threshold[t, :n] = [
                np.inf if f < 0 else x
                for f, x in zip(tree["feature"], tree["threshold"], strict=True)
            ]
            left[t, :n] = tree["left"]
            right[t, :n] = tree["right"]
            value[t, :n] = tree["value"]
        return cls(
            tuple(data["features"]),
            float(data["base"]),
            feature,
            threshold,
            left,
            right,
            value,
            int(data["depth"]),
            dict(data.get("meta", {})),
        )

    @classmethod
    def load(cls, path: str | Path) -> Forest:
        with open(path, encoding="utf-8") as fh:
            return cls.from_dict(json.load(fh))

    def columns(self, names: Sequence[str]) -> np.ndarray:
        """Indices into ``names`` of the features this model reads, in its order."""
        where = {n: i for i, n in enumerate(names)}
        return np.array([where[f] for f in self.features], dtype=np.int64)

    def _walk(self, x: np.ndarray, contributions: np.ndarray | None = None) -> np.ndarray:
        """The leaf every row of ``x`` reaches in every tree (``trees * rows``, tree-major);
        with ``contributions`` ``(rows, features)``, each split's change of the expected
        value is added to its feature (Saabas)."""
        roots, feature, threshold, left, right, value = self.flat
        n, width = x.shape
        flat_x = np.ascontiguousarray(x, dtype=np.float64).ravel()
        node = np.repeat(roots, n)
        row = np.tile(np.arange(n, dtype=np.int64), len(roots))
        for _ in range(self.depth):
            f = feature[node]
            child = np.where(flat_x[row * width + f] <= threshold[node], left[node], right[node])
            if contributions is not None:
                moved = child != node
                np.add.at(
                    contributions,
                    (row[moved], f[moved]),
                    value[child[moved]] - value[node[moved]],
                )
            node = child
        return node

    def _leaf_values(self, x: np.ndarray) -> np.ndarray:
        """The value of the leaf every row of ``x`` reaches in every tree, ``(trees, rows)``
        (in the complete trees: the leaves ``_walk`` reaches)."""
        trees = self.feature.shape[0]
        if not self.complete:  # trees too deep to lay out
            return self.flat[5][self._walk(x)].reshape(trees, -1)
        feature, threshold, value = self.complete
        n, width = x.shape
        flat_x = np.ascontiguousarray(x, dtype=np.float64).ravel()
        row_start = (np.arange(n, dtype=np.intp) * width)[None, :]
        node = np.repeat(np.arange(trees, dtype=np.intp), n).reshape(trees, n)
        first = 0  # where the level starts in ``feature`` and ``threshold``
        for level in range(self.depth):
            at = node + first if first else node
            left = flat_x[feature[at] + row_start] <= threshold[at]
            node *= 2  # the left child 2j, or the right child 2j + 1
            node += 1
            node -= left
            first += trees << level
        return value[node]

    def raw(self, x: np.ndarray) -> np.ndarray:
        """The summed score (log-odds) of every row of ``x`` (columns = ``features``)."""
        out = np.empty(x.shape[0], dtype=np.float64)
        for start in range(0, x.shape[0], CHUNK_ROWS):
            part = x[start : start + CHUNK_ROWS]
            out[start : start + len(part)] = self.base + self._leaf_values(part).sum(axis=0)
        return out

    def predict(self, x: np.ndarray) -> np.ndarray:
        """``P(class 1)`` for every row of ``x``.

        >>> f = Forest.from_dict({"features": ["a"], "base": 0.0, "depth": 1, "trees": [
        ...     {"feature": [0, -1, -1], "threshold": [0.5, 0, 0], "left": [1, 1, 2],
        ...      "right": [2, 1, 2], "value": [0.0, -2.0, 2.0]}]})
        >>> f.predict(np.array([[0.0], [1.0]])).round(3).tolist()
        [0.119, 0.881]
        """
        return 1.0 / (1.0 + np.exp(-self.raw(x)))

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """How much each feature moved each row's score (Saabas), ``(rows, features)``;
        a row's sum is its ``raw`` less ``base`` and the trees' root values.

        >>> f = Forest.from_dict({"features": ["a", "b"], "base": 0.0, "depth": 1, "trees": [
        ...     {"feature": [1, -1, -1], "threshold": [0.5, 0, 0], "left": [1, 1, 2],
        ...      "right": [2, 1, 2], "value": [0.5, -2.0, 2.0]}]})
        >>> f.contributions(np.array([[0.0, 0.0], [0.0, 1.0]])).tolist()
        [[0.0, -2.5], [0.0, 1.5]]
        """
        x = np.atleast_2d(x)
        out = np.zeros((x.shape[0], len(self.features)), dtype=np.float64)
        for start in range(0, x.shape[0], CHUNK_ROWS):
            part = out[start : start + CHUNK_ROWS]
            self._walk(x[start : start + CHUNK_ROWS], part)
        return out


def _flatten_tree(root: Mapping[str, Any]) -> tuple[dict[str, list], int]:
    """One LightGBM tree as parallel lists (nodes in depth-first order) and its depth."""
    tree: dict[str, list] = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}
    depth = 0
    todo: list[tuple[Mapping[str, Any], int, int, str]] = [(root, 0, -1, "")]
    while todo:
        node, level, parent, side = todo.pop()
        i = len(tree["feature"])
        if parent >= 0:
            tree[side][parent] = i
        leaf = "leaf_value" in node
        tree["feature"].append(-1 if leaf else int(node["split_feature"]))
        tree["threshold"].append(0.0 if leaf else float(node["threshold"]))
        tree["left"].append(i)
        tree["right"].append(i)
        tree["value"].append(float(node["leaf_value"] if leaf else node.get("internal_value", 0.0)))
        if leaf:
            depth = max(depth, level)
            continue
        if node.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported split {node.get('decision_type')!r}")
        todo.append((node["right_child"], level + 1, i, "right"))
        todo.append((node["left_child"], level + 1, i, "left"))
    return tree, depth


def flatten_lightgbm(dump: Mapping[str, Any]) -> dict[str, Any]:
    """The ``trees`` and ``depth`` of a model file from ``lightgbm.Booster.dump_model()``
    (used by the fitting script; cleaning never calls it)."""
    trees, depth = [], 0
    for info in dump["tree_info"]:
        tree, d = _flatten_tree(info["tree_structure"])
        trees.append(tree)
        depth = max(depth, d)
    return {"trees": trees, "depth": depth}
