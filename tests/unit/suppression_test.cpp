#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>

#include "core/suppression.h"

using namespace passerelle::core;

namespace {

using Cell = std::optional<std::int64_t>;
constexpr Cell hid = std::nullopt;

// The hidden entries as a picture: one string per row of the table then one for the column
// totals, '#' hidden and '.' published, the row total after a '|'.
std::vector<std::string> pattern(const PublishedTable& p) {
  std::vector<std::string> out;
  auto mark = [](const Cell& c) { return c ? '.' : '#'; };
  for (std::size_t i = 0; i < p.cells.size(); ++i) {
    std::string line;
    for (const Cell& c : p.cells[i]) line += mark(c);
    out.push_back(line + '|' + mark(p.row_totals[i]));
  }
  std::string totals;
  for (const Cell& c : p.column_totals) totals += mark(c);
  out.push_back(totals + '|' + mark(p.grand_total));
  return out;
}

int hidden_entries(const PublishedTable& p) {
  int n = 0;
  for (const auto& row : p.cells)
    for (const Cell& c : row) n += c ? 0 : 1;
  for (const Cell& c : p.row_totals) n += c ? 0 : 1;
  for (const Cell& c : p.column_totals) n += c ? 0 : 1;
  return n + (p.grand_total ? 0 : 1);
}

// Every entry of the true table with its margins, in the shape of a PublishedTable.
PublishedTable truth(const CountTable& t) {
  PublishedTable p;
  std::size_t columns = t.cells.empty() ? 0 : t.cells.front().size();
  p.column_totals.assign(columns, 0);
  p.grand_total = 0;
  for (const auto& row : t.cells) {
    std::int64_t sum = 0;
    p.cells.emplace_back();
    for (std::size_t j = 0; j < row.size(); ++j) {
      p.cells.back().push_back(row[j]);
      sum += row[j];
      *p.column_totals[j] += row[j];
    }
    p.row_totals.push_back(sum);
    *p.grand_total += sum;
  }
  return p;
}

// Calls f(true value, published value) for every entry.
void each_entry(const PublishedTable& truth, const PublishedTable& published,
                const std::function<void(std::int64_t, const Cell&)>& f) {
  for (std::size_t i = 0; i < truth.cells.size(); ++i) {
    for (std::size_t j = 0; j < truth.cells[i].size(); ++j)
      f(*truth.cells[i][j], published.cells[i][j]);
    f(*truth.row_totals[i], published.row_totals[i]);
  }
  for (std::size_t j = 0; j < truth.column_totals.size(); ++j)
    f(*truth.column_totals[j], published.column_totals[j]);
  f(*truth.grand_total, published.grand_total);
}

}  // namespace

// --- suppress(): the textbook cases, entry by entry --------------------------------------------

TEST(Suppress, OneSmallCellHidesASecondInItsRowAndItsColumnClosingARectangle) {
  CountTable t{{{20, 3, 15}, {12, 30, 25}, {9, 14, 40}}};
  PublishedTable p = suppress(t, 5);
  // 3 is small; row 0 hides its smallest other cell (15), column 1 its smallest (14), and
  // column 2 then takes the cell of row 2, which protects row 2 at the same time.
  EXPECT_EQ(pattern(p), (std::vector<std::string>{".##|.", "...|.", ".##|.", "...|."}));
  EXPECT_EQ(p.primary, 1);
  EXPECT_EQ(p.secondary, 3);
  EXPECT_EQ(p.cells[0][0], 20);
  EXPECT_EQ(p.row_totals[0], 38);
  EXPECT_EQ(p.column_totals[1], 47);
  EXPECT_EQ(p.grand_total, 168);
  EXPECT_FALSE(recoverable(p));
}

TEST(Suppress, ALoneNonZeroCellInARowHasItsRowTotalHidden) {
  CountTable t{{{9, 0, 0}, {4, 7, 12}, {10, 6, 15}}};
  PublishedTable p = suppress(t, 5);
  // 4 is small: row 1 hides its 7, column 0 its 9, column 1 its 6. The 9 is the only non-zero
  // cell of row 0, so row 0's total goes; row 2 then hides its total too (the column of row
  // totals had one hidden entry), closing the cycle 9 → 4 → 7 → 6 → row 2 total → row 0 total.
  EXPECT_EQ(pattern(p), (std::vector<std::string>{"#..|#", "##.|.", ".#.|#", "...|."}));
  EXPECT_EQ(p.primary, 1);
  EXPECT_EQ(p.secondary, 5);
  EXPECT_EQ(p.grand_total, 63);
  EXPECT_FALSE(recoverable(p));
}

TEST(Suppress, ATotalBelowKIsHidden) {
  CountTable t{{{1, 2}, {6, 9}}};
  PublishedTable p = suppress(t, 5);
  // 1, 2 and their row total 3 are small; the second row goes to protect them, its total too.
  EXPECT_EQ(pattern(p), (std::vector<std::string>{"##|#", "##|#", "..|."}));
  EXPECT_EQ(p.primary, 3);
  EXPECT_EQ(p.secondary, 3);
  EXPECT_EQ(p.column_totals, (std::vector<Cell>{7, 11}));
  EXPECT_EQ(p.grand_total, 18);
  EXPECT_FALSE(recoverable(p));
}

TEST(Suppress, ClosesACycleWhenTheLineRuleLeavesACellDetermined) {
  //  5  0  0 |  5       The line rule hides 5 and the first row total to protect the 4 and its
  //  2  2  3 |  7       total; every line then holds two hidden entries. But the 2 of column 0
  //  4  0  0 |  4       is still known: columns 1 and 2 hide only the 2 and 3 of row 1, whose sum
  // 11  2  3 | 16       is 16 − 11 = 5 from the published totals, so it is 7 − 5 = 2. Hiding row
  //                     1's total closes a cycle through it.
  CountTable t{{{5, 0, 0}, {2, 2, 3}, {4, 0, 0}}};
  PublishedTable p = suppress(t, 5);
  EXPECT_EQ(pattern(p), (std::vector<std::string>{"#..|#", "###|#", "#..|#", ".##|."}));
  EXPECT_EQ(p.primary, 7);
  EXPECT_EQ(p.secondary, 3);
  EXPECT_FALSE(recoverable(p));
  PublishedTable line_rule_only = p;
  line_rule_only.row_totals[1] = 7;
  EXPECT_TRUE(recoverable(line_rule_only));
}

TEST(Suppress, TwelveByTwelveTables) {
  std::mt19937 rng(12);
  for (int round = 0; round < 4; ++round) {
    CountTable t;
    t.cells.assign(12, std::vector<std::int64_t>(12));
    for (auto& row : t.cells)
      for (auto& c : row) c = rng() % 4 == 0 ? static_cast<std::int64_t>(rng() % 6) : 5 + rng() % 80;
    PublishedTable p = suppress(t, 5);
    EXPECT_GT(p.primary, 0);
    EXPECT_FALSE(recoverable(p));
    int hidden = hidden_entries(p);
    EXPECT_EQ(p.primary + p.secondary, hidden);
    EXPECT_LT(hidden, 13 * 13 / 2);  // far from everything
  }
}

TEST(Suppress, ZerosArePublishedAndLargeTablesUntouched) {
  CountTable t{{{0, 12}, {7, 0}}};
  PublishedTable p = suppress(t, 5);
  EXPECT_EQ(hidden_entries(p), 0);
  EXPECT_EQ(p.cells, (std::vector<std::vector<Cell>>{{0, 12}, {7, 0}}));
  EXPECT_EQ(p.row_totals, (std::vector<Cell>{12, 7}));
  EXPECT_EQ(p.column_totals, (std::vector<Cell>{7, 12}));
  EXPECT_EQ(p.grand_total, 19);
  EXPECT_EQ(p.primary + p.secondary, 0);
}

TEST(Suppress, KOfOneOrLessPublishesEverything) {
  CountTable t{{{1, 2}, {0, 3}}};
  for (int k : {1, 0, -3}) {
    PublishedTable p = suppress(t, k);
    EXPECT_EQ(hidden_entries(p), 0) << k;
    EXPECT_EQ(p.cells[0][0], 1);
    EXPECT_EQ(p.grand_total, 6);
  }
  // With k = 2 the 1 and its column total are small: the 2 and the column totals protect them.
  EXPECT_EQ(pattern(suppress(t, 2)), (std::vector<std::string>{"##|.", "..|.", "##|."}));
}

TEST(Suppress, AOneRowBreakdownHidesTheNextSmallestCategory) {
  CountTable t{{{12, 3, 0, 8}}};
  PublishedTable p = suppress(t, 5);
  // The column totals of one row repeat its cells, so they follow them.
  EXPECT_EQ(pattern(p), (std::vector<std::string>{".#.#|.", ".#.#|."}));
  EXPECT_EQ(p.row_totals[0], 23);
  EXPECT_EQ(p.primary, 2);  // the 3 and its column total
  EXPECT_EQ(p.secondary, 2);
  EXPECT_FALSE(recoverable(p));
}

TEST(Suppress, AOneColumnTableBehavesLikeABreakdown) {
  CountTable t{{{12}, {3}, {0}, {8}}};
  PublishedTable p = suppress(t, 5);
  EXPECT_EQ(pattern(p), (std::vector<std::string>{".|.", "#|#", ".|.", "#|#", ".|."}));
  EXPECT_EQ(p.column_totals[0], 23);
  EXPECT_FALSE(recoverable(p));
}

TEST(Suppress, EmptyAndAllZeroTables) {
  PublishedTable empty = suppress(CountTable{}, 5);
  EXPECT_TRUE(empty.cells.empty());
  EXPECT_TRUE(empty.row_totals.empty());
  EXPECT_TRUE(empty.column_totals.empty());
  EXPECT_EQ(empty.grand_total, 0);
  EXPECT_FALSE(recoverable(empty));

  PublishedTable no_columns = suppress(CountTable{{{}, {}}}, 5);
  EXPECT_EQ(no_columns.row_totals, (std::vector<Cell>{0, 0}));
  EXPECT_EQ(no_columns.grand_total, 0);

  PublishedTable zeros = suppress(CountTable{{{0, 0, 0}, {0, 0, 0}}}, 5);
  EXPECT_EQ(hidden_entries(zeros), 0);
  EXPECT_EQ(zeros.grand_total, 0);
}

TEST(Suppress, ASingleSmallCountHidesItsWholeTable) {
  PublishedTable p = suppress(CountTable{{{3}}}, 5);
  EXPECT_EQ(pattern(p), (std::vector<std::string>{"#|#", "#|#"}));
  EXPECT_EQ(p.primary, 4);
  EXPECT_FALSE(recoverable(p));
}

TEST(Suppress, RefusesRaggedOrNegativeTables) {
  EXPECT_THROW(suppress(CountTable{{{1, 2}, {3}}}, 5), std::invalid_argument);
  EXPECT_THROW(suppress(CountTable{{{1, -2}}}, 5), std::invalid_argument);
}

TEST(Suppress, IsDeterministic) {
  CountTable t{{{4, 9, 1, 30}, {2, 0, 17, 6}, {25, 8, 3, 11}}};
  PublishedTable a = suppress(t, 5), b = suppress(t, 5);
  EXPECT_EQ(a.cells, b.cells);
  EXPECT_EQ(a.row_totals, b.row_totals);
  EXPECT_EQ(a.column_totals, b.column_totals);
  EXPECT_EQ(a.grand_total, b.grand_total);
}

// --- recoverable(): hand-made tables ----------------------------------------------------------

TEST(SuppressRecoverable, OneHiddenCellInARowWithItsTotalIsRecovered) {
  PublishedTable p{{{hid, 7}, {9, 10}}, {{10}, {19}}, {{12}, {17}}, {29}};
  EXPECT_TRUE(recoverable(p));
}

TEST(SuppressRecoverable, ARectangleOfHiddenCellsIsNotRecovered) {
  // 3 7 | 10 / 9 10 | 19, all four cells hidden: x00 ranges over [max(0, 10−17), min(10, 12)].
  PublishedTable p{{{hid, hid}, {hid, hid}}, {{10}, {19}}, {{12}, {17}}, {29}};
  EXPECT_FALSE(recoverable(p));
  EXPECT_FALSE(recoverable(p, 10));  // every cell can move by 10
  EXPECT_TRUE(recoverable(p, 11));
}

TEST(SuppressRecoverable, TwoHiddenCellsOfOneRowAreRecoveredByTheirColumns) {
  // Only one hidden cell in each column: the line rule alone would not see it from the row.
  PublishedTable p{{{hid, hid, 5}, {6, 8, 7}}, {{14}, {21}}, {{10}, {12}, {12}}, {34}};
  EXPECT_TRUE(recoverable(p));
}

TEST(SuppressRecoverable, NonNegativityCanPinACell) {
  // Row 0 sums to 0: its hidden cells are 0, whatever the columns say.
  PublishedTable zero_row{{{hid, hid}, {hid, hid}}, {{0}, {9}}, {{4}, {5}}, {9}};
  EXPECT_TRUE(recoverable(zero_row));
  // x + y = 6 with x ≤ 1 (its column) and y ≤ 5 (its column): x is 1, y is 5.
  PublishedTable tight{{{hid, hid}, {0, hid}}, {{6}, {4}}, {{1}, {9}}, {10}};
  EXPECT_TRUE(recoverable(tight));
  // With one more in the columns, both can move by one.
  PublishedTable loose{{{hid, hid}, {hid, hid}}, {{6}, {5}}, {{2}, {9}}, {11}};
  EXPECT_FALSE(recoverable(loose));
  EXPECT_FALSE(recoverable(loose, 2));  // x00 ∈ [0, 2]
  EXPECT_TRUE(recoverable(loose, 3));
}

TEST(SuppressRecoverable, AHiddenBridgeBetweenTwoRectanglesIsRecovered) {
  // Two closed rectangles (rows 0–1 × columns 0–1, rows 2–3 × columns 2–3) each protect their own
  // cells, and every line holds two hidden cells; but x12, the only hidden cell linking them, is
  // fixed: rows 0 and 1 together hide x00 + x01 + x10 + x11 + x12 = 6 + 5 + 5 + 7 + 5 − 0 − 0,
  // and columns 0 and 1 together hide x00 + x10 + x01 + x11.
  PublishedTable p{{{hid, hid, 0, 9}, {hid, hid, hid, 0}, {8, 0, hid, hid}, {0, 9, hid, hid}},
                   {{20}, {17}, {20}, {19}},
                   {{15}, {19}, {19}, {23}},
                   {76}};
  EXPECT_TRUE(recoverable(p));
}

TEST(SuppressRecoverable, AnUnboundedEntryIsNeverNarrow) {
  // A cell, its two totals and the grand total hidden: all can grow together without limit.
  PublishedTable p{{{hid, 6}, {7, 8}}, {hid, {15}}, {hid, {14}}, hid};
  EXPECT_FALSE(recoverable(p, 1000000));
}

TEST(SuppressRecoverable, FailsClosedOnTablesThatAreNotTables) {
  PublishedTable inconsistent{{{4, 6}}, {{11}}, {{4}, {6}}, {11}};
  EXPECT_TRUE(recoverable(inconsistent));
  PublishedTable impossible{{{hid, 6}}, {{4}}, {hid, {6}}, {4}};  // x = −2
  EXPECT_TRUE(recoverable(impossible));
  PublishedTable negative{{{-1, hid}}, {{4}}, {hid, hid}, {4}};
  EXPECT_TRUE(recoverable(negative));
  PublishedTable ragged{{{4, 6}, {1}}, {{10}, {1}}, {{5}, {6}}, {11}};
  EXPECT_TRUE(recoverable(ragged));
  PublishedTable consistent{{{4, 6}}, {{10}}, {{4}, {6}}, {10}};
  EXPECT_FALSE(recoverable(consistent));
}

// recoverable() against brute force: every completion of small tables enumerated.
TEST(SuppressRecoverable, AgreesWithEnumeratingEveryCompletion) {
  std::mt19937 rng(20240611);
  int checked = 0, recovered = 0;
  for (int round = 0; round < 400; ++round) {
    std::size_t rows = 1 + rng() % 2, columns = 1 + rng() % 3;
    CountTable t;
    t.cells.assign(rows, std::vector<std::int64_t>(columns));
    for (auto& row : t.cells)
      for (auto& c : row) c = rng() % 4 == 0 ? 0 : static_cast<std::int64_t>(rng() % 4);
    // Half the tables hide entries at random, half as suppress() does; the grand total stays
    // published so that every entry is bounded by it.
    PublishedTable p = truth(t);
    if (round % 2) {
      for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < columns; ++j)
          if (rng() % 2) p.cells[i][j] = hid;
        if (rng() % 3 == 0) p.row_totals[i] = hid;
      }
      for (auto& c : p.column_totals)
        if (rng() % 3 == 0) c = hid;
    } else {
      p = suppress(t, 2 + static_cast<int>(rng() % 3));
      if (!p.grand_total) continue;
    }
    const std::int64_t grand = *p.grand_total;

    // Least and greatest value of each entry over all completions.
    std::size_t width = columns + 1;
    std::vector<std::int64_t> least((rows + 1) * width, INT64_MAX), most((rows + 1) * width, -1);
    std::vector<std::int64_t> x(rows * columns, 0);
    std::function<void(std::size_t, std::int64_t)> fill = [&](std::size_t n, std::int64_t left) {
      if (n < x.size()) {
        const Cell& published = p.cells[n / columns][n % columns];
        for (std::int64_t v = 0; v <= left; ++v)
          if (!published || *published == v) x[n] = v, fill(n + 1, left - v);
        return;
      }
      if (left != 0) return;
      std::vector<std::int64_t> entry((rows + 1) * width, 0);
      for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < columns; ++j) {
          std::int64_t v = x[i * columns + j];
          entry[i * width + j] = v;
          entry[i * width + columns] += v;
          entry[rows * width + j] += v;
        }
      entry[rows * width + columns] = grand;
      for (std::size_t i = 0; i < rows; ++i)
        if (p.row_totals[i] && *p.row_totals[i] != entry[i * width + columns]) return;
      for (std::size_t j = 0; j < columns; ++j)
        if (p.column_totals[j] && *p.column_totals[j] != entry[rows * width + j]) return;
      for (std::size_t e = 0; e < entry.size(); ++e) {
        least[e] = std::min(least[e], entry[e]);
        most[e] = std::max(most[e], entry[e]);
      }
    };
    fill(0, grand);

    std::vector<bool> hidden((rows + 1) * width, false);
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < columns; ++j) hidden[i * width + j] = !p.cells[i][j];
      hidden[i * width + columns] = !p.row_totals[i];
    }
    for (std::size_t j = 0; j < columns; ++j) hidden[rows * width + j] = !p.column_totals[j];
    for (std::int64_t min_range : {1, 2, 3, 5}) {
      bool expected = false;
      for (std::size_t e = 0; e < hidden.size(); ++e)
        if (hidden[e] && most[e] - least[e] < min_range) expected = true;
      ASSERT_EQ(recoverable(p, min_range), expected) << "round " << round << " m " << min_range;
      ++checked;
      recovered += expected ? 1 : 0;
    }
  }
  // The draw must exercise both answers.
  EXPECT_GT(recovered, checked / 10) << recovered << " of " << checked;
  EXPECT_LT(recovered, checked - checked / 10) << recovered << " of " << checked;
}

// --- the property: after suppress(), nothing hidden can be recovered --------------------------

TEST(Suppress, PropertyNothingHiddenIsRecoverableOnRandomTables) {
  std::mt19937 rng(4);
  auto count = [&]() -> std::int64_t {
    unsigned r = rng() % 100;
    if (r < 20) return 0;
    if (r < 60) return 1 + rng() % 5;
    if (r < 85) return 1 + rng() % 15;
    return 1 + rng() % 60;
  };
  int tables = 0, secondary = 0, fully_hidden = 0;
  for (int k : {3, 5, 11}) {
    for (int round = 0; round < 1000; ++round) {
      std::size_t rows = 1 + rng() % 6, columns = 1 + rng() % 6;
      CountTable t;
      t.cells.assign(rows, std::vector<std::int64_t>(columns));
      for (auto& row : t.cells)
        for (auto& c : row) c = count();
      PublishedTable p = suppress(t, k);
      PublishedTable whole = truth(t);
      int hidden = 0, nonzero = 0;
      each_entry(whole, p, [&](std::int64_t value, const Cell& published) {
        if (published) {
          ASSERT_EQ(*published, value);
          ASSERT_FALSE(value > 0 && value < k) << "small count published";
        } else {
          ASSERT_GT(value, 0) << "a zero hidden";
          ++hidden;
        }
        nonzero += value > 0 ? 1 : 0;
      });
      if (HasFatalFailure()) return;
      ASSERT_EQ(p.primary + p.secondary, hidden);
      ASSERT_FALSE(recoverable(p)) << "k " << k << " round " << round;
      ++tables;
      secondary += p.secondary;
      fully_hidden += hidden == nonzero && hidden > 0 ? 1 : 0;
    }
  }
  // Not everything goes: most tables with a small count keep some published figures.
  EXPECT_LT(fully_hidden, tables / 4);
}
