"""Shrink a covering instance without changing its optimum.

Two classic reductions (e.g. Church & ReVelle 1974; Daskin, *Network and Discrete
Location*, §4):

* demand rows that no candidate covers are set aside (their weight is reported as
  *uncoverable*), rows of zero weight are dropped, and rows with identical coverage
  sets are merged into one row carrying the sum of their weights;
* a candidate is *dominated* when another candidate covers a superset of its rows,
  costs no more (when cost matters) and carries the same label (operator, sharing
  effect): then some optimal plan never needs it. Ties are broken by index, so of
  two identical candidates exactly one stays. Because "beats" is a strict partial
  order, every dropped candidate is beaten by a kept one.

Pure: arrays in, arrays out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

_MAX_PRODUCT_NNZ = 5_000_000  # work per chunk of the AᵀA product in the dominance test


@dataclass
class Reduced:
    """A reduced instance and the maps back to the original one."""

    A: sp.csc_matrix  # rows: merged demand rows; columns: kept candidates (0/1, int32)
    w: np.ndarray  # weight of each merged row
    cols: np.ndarray  # original column index of each kept candidate
    row_of: np.ndarray  # original row → merged row (−1: uncoverable or zero weight)
    uncoverable_weight: float
    coverable_weight: float


def _merge_rows(A: sp.csr_matrix, w: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Merge rows with identical column sets; returns (A', w', inverse map).

    Rows are keyed by two independent 64-bit random hashes of their column sets plus
    their length (a false merge has probability about m²/2¹²⁹).
    """
    m, n = A.shape
    if m == 0:
        return A, w, np.zeros(0, dtype=np.int64)
    rng = np.random.default_rng(0x5EED)
    h1 = rng.integers(0, np.iinfo(np.int64).max, n, dtype=np.int64).view(np.uint64)
    h2 = rng.integers(0, np.iinfo(np.int64).max, n, dtype=np.int64).view(np.uint64)
    starts = A.indptr[:-1]
    with np.errstate(over="ignore"):
        k1 = np.add.reduceat(h1[A.indices], starts)
        k2 = np.add.reduceat(h2[A.indices], starts)
    keys = np.stack([k1, k2, np.diff(A.indptr).astype(np.uint64)], axis=1)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    merged_w = np.bincount(inverse, weights=w, minlength=len(first))
    return A[first], merged_w, inverse


def dominated_columns(
    A: sp.csc_matrix,
    cost: np.ndarray,
    label: np.ndarray,
    cost_matters: bool,
) -> np.ndarray:
    """Boolean mask of candidates beaten by another (superset, ≤ cost, same label)."""
    m, n = A.shape
    A = A.tocsc().astype(np.int32)
    size = np.diff(A.indptr)
    out = np.zeros(n, dtype=bool)
    if n < 2:
        return out
    row_deg = np.asarray(A.sum(axis=1)).ravel()
    work = np.asarray(A.T @ row_deg).ravel()  # nnz of each column's row of AᵀA
    At = A.T.tocsr()
    Ar = A.tocsr()
    start = 0
    while start < n:
        stop = start + 1
        acc = work[start]
        while stop < n and acc + work[stop] <= _MAX_PRODUCT_NNZ:
            acc += work[stop]
            stop += 1
        C = (At[start:stop] @ Ar).tocsr()  # C[j, k] = |rows(j) ∩ rows(k)|
        # superset test first, on the product's own layout: few entries survive it
        jj = np.repeat(np.arange(start, stop), np.diff(C.indptr))
        sup = np.flatnonzero(C.data == size[jj])
        j, k = jj[sup], C.indices[sup]
        hit = (j != k) & (label[j] == label[k])
        j, k = j[hit], k[hit]
        if cost_matters:
            ok = cost[k] <= cost[j]
            j, k = j[ok], k[ok]
            strict = (size[k] > size[j]) | (cost[k] < cost[j]) | (k < j)
        else:
            strict = (size[k] > size[j]) | (k < j)
        out[j[strict]] = True
        start = stop
    # columns covering nothing are beaten by any column with the same label and ≤ cost
    empty = np.flatnonzero(size == 0)
    if len(empty):
        # the best column of each label: cheapest (when cost matters), then largest,
        # then lowest index — one sort for all labels
        idx = np.arange(n)
        keys = (idx, -size, cost, label) if cost_matters else (idx, -size, label)
        order = np.lexsort(keys)
        first = np.ones(n, dtype=bool)
        first[1:] = label[order][1:] != label[order][:-1]
        labels_sorted = label[order][first]
        best_of = order[first]
        best = best_of[np.searchsorted(labels_sorted, label[empty])]
        drop = empty != best
        if cost_matters:
            drop &= cost[empty] >= cost[best]
        out[empty[drop]] = True
    return out


def reduce_instance(
    A: sp.csr_matrix,
    w: np.ndarray,
    cost: np.ndarray,
    label: np.ndarray,
    *,
    cost_matters: bool,
    keep_empty: np.ndarray | None = None,
) -> Reduced:
    """Drop uncoverable and zero-weight rows, merge identical rows, drop dominated columns.

    `keep_empty` marks candidates to keep even if they cover no demand (e.g. a
    co-location that only raises the sharing ratio); they still face the dominance test.
    """
    m, n = A.shape
    row_nnz = np.diff(A.indptr)
    coverable = row_nnz > 0
    uncoverable = float(w[~coverable].sum())
    keep_rows = np.flatnonzero(coverable & (w > 0))
    row_of = np.full(m, -1, dtype=np.int64)
    A1 = A[keep_rows]
    A1, w1, inv = _merge_rows(A1, w[keep_rows])
    row_of[keep_rows] = inv
    cols = np.arange(n)
    Ac = A1.tocsc()
    size = np.diff(Ac.indptr)
    useful = (size > 0) if keep_empty is None else ((size > 0) | keep_empty)
    cols = cols[useful]
    Ac = Ac[:, useful]
    dom = dominated_columns(Ac, cost[cols], label[cols], cost_matters)
    cols = cols[~dom]
    Ac = Ac[:, ~dom]
    # dropping columns can make more rows identical: merge again
    merged, w2, inv2 = _merge_rows(Ac.tocsr(), w1)
    row_of[keep_rows] = inv2[inv]
    A2 = merged.tocsc().astype(np.int32)
    A2.data[:] = 1
    return Reduced(A2, w2, cols, row_of, uncoverable, float(w1.sum()))
