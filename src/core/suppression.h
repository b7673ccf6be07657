// Small-cell suppression for every aggregate that leaves the organisation (funder reports,
// dashboards shown to project viewers): counts of 1..k−1 people are hidden (primary suppression),
// and further cells are hidden (secondary suppression) so that no hidden cell can be recovered
// from the published cells and the row, column and grand totals. Pure functions, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace passerelle::core {

// A two-way table of counts with its margins. A one-way breakdown is a table of one row.
// Categories must be exclusive (each person in one cell), so that totals are sums of cells.
struct CountTable {
  std::vector<std::vector<std::int64_t>> cells;  // rows × columns, all rows the same length
};

// The published table: nullopt = hidden.
struct PublishedTable {
  std::vector<std::vector<std::optional<std::int64_t>>> cells;
  std::vector<std::optional<std::int64_t>> row_totals;
  std::vector<std::optional<std::int64_t>> column_totals;
  std::optional<std::int64_t> grand_total;
  int primary = 0;    // entries (cells and totals) hidden because 0 < count < k
  int secondary = 0;  // entries hidden so that the primary ones cannot be recovered
};

// Hides every entry with 0 < count < k, cells and totals alike (zeros are published: an empty
// category discloses no one). Then, to a fixed point, every line (row or column of the table
// with its margins, counting the line of column totals and the line of row totals) holding
// exactly one hidden entry gets a second one: preferably an entry whose crossing line also holds
// exactly one (one hiding then protects two lines), then the smallest non-zero entry, the first
// on ties (a line whose other non-zero cells are all hidden thus has its total hidden). Where an entry hidden this way is still determined by the other lines (no cycle of
// hidden entries passes through it), the smallest published entry closing such a cycle is
// hidden, and the line rule runs again, until recoverable() is false. Deterministic. k ≤ 1
// publishes everything. Rows of different lengths or negative counts throw
// std::invalid_argument.
PublishedTable suppress(const CountTable& table, int k);

// Is any hidden entry (cell or total) determined exactly by what is published (cells, margins)
// together with non-negativity and the table's additivity? For each hidden entry, its least and
// greatest feasible values are computed (a linear programme: the constraint matrix of a two-way
// table with margins is totally unimodular, so these bounds are integers and exact); the entry is
// recoverable when they are equal, or when the range is narrower than `min_range` (a funder
// could then bound a small count too tightly). An unbounded range is never narrow. The last
// check before an export leaves, and the oracle of the tests; it fails closed: a table whose
// shape is not a table's, or whose published figures are negative or admit no completion,
// answers true. Computed exactly in integers by max-flow (see suppression.cpp), not a simplex.
bool recoverable(const PublishedTable& published, std::int64_t min_range = 1);

}  // namespace passerelle::core
