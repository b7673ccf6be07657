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
  int primary = 0;    // cells hidden because 0 < count < k
  int secondary = 0;  // cells (and totals) hidden so that the primary ones cannot be recovered
};

// Hides every cell with 0 < count < k (zeros are published: an empty category discloses no
// one), then hides further cells — the smallest non-zero ones first — until every row and every
// column holding a hidden cell holds at least two, counting its total as a cell of the line
// (a line whose only other non-zero entries are hidden has its total hidden). A total below k is
// itself hidden. Deterministic. k ≤ 1 publishes everything.
PublishedTable suppress(const CountTable& table, int k);

// Is any hidden entry (cell or total) determined exactly by what is published (cells, margins)
// together with non-negativity and the table's additivity? For each hidden entry, its least and
// greatest feasible values are computed (a linear programme: the constraint matrix of a two-way
// table with margins is totally unimodular, so these bounds are integers and exact); the entry is
// recoverable when they are equal, or when the range is narrower than `min_range` (a funder
// could then bound a small count too tightly). The last check before an export leaves, and the
// oracle of the tests.
bool recoverable(const PublishedTable& published, std::int64_t min_range = 1);

}  // namespace passerelle::core
