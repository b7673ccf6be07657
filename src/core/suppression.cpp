#include "core/suppression.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace passerelle::core {
namespace {

// --- The table as one additive grid ----------------------------------------------------------
//
// A table of R rows and C columns with its margins is an (R+1) × (C+1) grid: the last row holds
// the column totals, the last column the row totals, the corner the grand total. Every line of
// the grid (a row or a column) is additive, its last entry being the sum of the others, so the
// line of column totals and the line of row totals are lines like the others.
struct Grid {
  std::size_t rows = 0;     // of the body
  std::size_t columns = 0;  // of the body
  std::vector<std::int64_t> value;  // (rows+1) × (columns+1), row-major; in suppress(), the truth
  std::vector<bool> hidden;

  std::size_t width() const { return columns + 1; }
  std::size_t entries() const { return (rows + 1) * width(); }
  std::size_t at(std::size_t i, std::size_t j) const { return i * width() + j; }
  std::size_t row_of(std::size_t e) const { return e / width(); }
  std::size_t column_of(std::size_t e) const { return e % width(); }

  // Lines 0..rows are the grid's rows, rows+1.. its columns.
  std::size_t lines() const { return rows + 1 + width(); }
  std::vector<std::size_t> line(std::size_t l) const {
    std::vector<std::size_t> out;
    if (l <= rows) {
      for (std::size_t j = 0; j <= columns; ++j) out.push_back(at(l, j));
    } else {
      for (std::size_t i = 0; i <= rows; ++i) out.push_back(at(i, l - rows - 1));
    }
    return out;
  }
  // The two lines an entry lies on.
  std::size_t row_line(std::size_t e) const { return row_of(e); }
  std::size_t column_line(std::size_t e) const { return rows + 1 + column_of(e); }
  std::size_t crossing_line(std::size_t e, std::size_t l) const {
    return l == row_line(e) ? column_line(e) : row_line(e);
  }

  int hidden_in(std::size_t l) const {
    int n = 0;
    for (std::size_t e : line(l)) n += hidden[e] ? 1 : 0;
    return n;
  }
};

Grid grid_of(const CountTable& table) {
  Grid g;
  g.rows = table.cells.size();
  g.columns = table.cells.empty() ? 0 : table.cells.front().size();
  g.value.assign(g.entries(), 0);
  g.hidden.assign(g.entries(), false);
  for (std::size_t i = 0; i < g.rows; ++i) {
    if (table.cells[i].size() != g.columns)
      throw std::invalid_argument("suppress: rows of different lengths");
    for (std::size_t j = 0; j < g.columns; ++j) {
      std::int64_t v = table.cells[i][j];
      if (v < 0) throw std::invalid_argument("suppress: negative count");
      g.value[g.at(i, j)] = v;
      g.value[g.at(i, g.columns)] += v;
      g.value[g.at(g.rows, j)] += v;
      g.value[g.at(g.rows, g.columns)] += v;
    }
  }
  return g;
}

// --- Exact bounds of hidden entries: the table as a network ----------------------------------
//
// Why not a simplex: a table with margins is a transportation problem, which is a circulation
// on a network of R + C + 2 nodes. Source S → row i carries the row total, row i → column j the
// cell, column j → sink T the column total, T → S the grand total; conservation at every node is
// exactly the table's additivity, and non-negativity is the flows' lower bound. Hidden entries
// are arcs with flow ≥ 0 and no upper bound; published ones are fixed. Given one feasible flow f,
// an arc u → v can grow by the largest flow from v back to u through the residual network of
// the other hidden arcs (each can grow without bound, or shrink by its flow), and shrink by the
// largest flow from u to v there (and by no more than its own flow). Max-flow on integers: the
// bounds are exact, with no floating point and no tolerance.

constexpr std::size_t kSource = 0;
constexpr std::size_t kSink = 1;

struct Arc {
  std::size_t from, to;
};

Arc arc_of(const Grid& g, std::size_t e) {
  std::size_t i = g.row_of(e), j = g.column_of(e);
  auto row = [&](std::size_t r) { return 2 + r; };
  auto column = [&](std::size_t c) { return 2 + g.rows + c; };
  if (i < g.rows && j < g.columns) return {row(i), column(j)};
  if (i < g.rows) return {kSource, row(i)};    // row total
  if (j < g.columns) return {column(j), kSink};  // column total
  return {kSink, kSource};                       // grand total
}

std::size_t network_nodes(const Grid& g) { return g.rows + g.columns + 2; }

// Edmonds–Karp with a ceiling: the networks have at most a few dozen nodes, and the questions
// asked ("can it move by at least m?") stop as soon as the answer is known.
class FlowNetwork {
 public:
  explicit FlowNetwork(std::size_t nodes) : out_(nodes) {}

  // Returns the arc's id, for flow_on().
  std::size_t add_arc(std::size_t from, std::size_t to, std::int64_t capacity) {
    std::size_t id = edges_.size();
    edges_.push_back({to, capacity});
    out_[from].push_back(id);
    edges_.push_back({from, 0});  // its residual twin, id ^ 1
    out_[to].push_back(id + 1);
    return id;
  }

  std::int64_t flow_on(std::size_t id) const { return edges_[id ^ 1].capacity; }

  std::int64_t max_flow(std::size_t s, std::size_t t, std::int64_t ceiling) {
    std::int64_t total = 0;
    if (s == t) return ceiling;
    while (total < ceiling) {
      std::vector<std::size_t> via(out_.size(), kNone);  // edge reaching each node
      std::vector<std::size_t> queue{s};
      std::vector<bool> seen(out_.size(), false);
      seen[s] = true;
      for (std::size_t q = 0; q < queue.size() && !seen[t]; ++q)
        for (std::size_t id : out_[queue[q]]) {
          std::size_t to = edges_[id].to;
          if (edges_[id].capacity > 0 && !seen[to]) {
            seen[to] = true;
            via[to] = id;
            queue.push_back(to);
          }
        }
      if (!seen[t]) break;
      std::int64_t push = ceiling - total;
      for (std::size_t v = t; v != s; v = edges_[via[v] ^ 1].to)
        push = std::min(push, edges_[via[v]].capacity);
      for (std::size_t v = t; v != s; v = edges_[via[v] ^ 1].to) {
        edges_[via[v]].capacity -= push;
        edges_[via[v] ^ 1].capacity += push;
      }
      total += push;
    }
    return total;
  }

 private:
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  struct Edge {
    std::size_t to;
    std::int64_t capacity;
  };
  std::vector<Edge> edges_;
  std::vector<std::vector<std::size_t>> out_;
};

// How far hidden entry `e` can move from its value in the feasible completion `flow` (indexed
// like the grid) — up plus down — counted only up to `ceiling`.
std::int64_t movement(const Grid& g, const std::vector<std::int64_t>& flow, std::size_t e,
                      std::int64_t ceiling) {
  auto residual = [&](std::int64_t unbounded) {
    FlowNetwork net(network_nodes(g));
    for (std::size_t other = 0; other < g.entries(); ++other) {
      if (!g.hidden[other] || other == e) continue;
      Arc a = arc_of(g, other);
      net.add_arc(a.from, a.to, unbounded);
      if (flow[other] > 0) net.add_arc(a.to, a.from, flow[other]);
    }
    return net;
  };
  Arc a = arc_of(g, e);
  std::int64_t up = residual(ceiling).max_flow(a.to, a.from, ceiling);
  if (up >= ceiling) return up;
  std::int64_t rest = std::min(ceiling - up, flow[e]);
  std::int64_t down = rest > 0 ? residual(rest).max_flow(a.from, a.to, rest) : 0;
  return up + down;
}

// The first hidden entry, in grid order, whose feasible range is narrower than `min_range`.
std::optional<std::size_t> first_pinned(const Grid& g, const std::vector<std::int64_t>& flow,
                                        std::int64_t min_range) {
  if (min_range <= 0) return std::nullopt;
  for (std::size_t e = 0; e < g.entries(); ++e)
    if (g.hidden[e] && movement(g, flow, e, min_range) < min_range) return e;
  return std::nullopt;
}

// A completion of the hidden entries consistent with the published ones, or nullopt when there
// is none (the published figures contradict each other).
std::optional<std::vector<std::int64_t>> some_completion(const Grid& g) {
  std::size_t n = network_nodes(g);
  // Net flow each node must send out along hidden arcs for conservation to hold.
  std::vector<std::int64_t> excess(n, 0);
  for (std::size_t e = 0; e < g.entries(); ++e) {
    if (g.hidden[e]) continue;
    Arc a = arc_of(g, e);
    excess[a.to] += g.value[e];
    excess[a.from] -= g.value[e];
  }
  std::int64_t supply = 0;
  for (std::int64_t x : excess) supply += std::max<std::int64_t>(x, 0);

  FlowNetwork net(n + 2);
  std::size_t super_source = n, super_sink = n + 1;
  for (std::size_t v = 0; v < n; ++v) {
    if (excess[v] > 0) net.add_arc(super_source, v, excess[v]);
    if (excess[v] < 0) net.add_arc(v, super_sink, -excess[v]);
  }
  std::vector<std::size_t> arc_id(g.entries(), 0);
  for (std::size_t e = 0; e < g.entries(); ++e) {
    if (!g.hidden[e]) continue;
    Arc a = arc_of(g, e);
    arc_id[e] = net.add_arc(a.from, a.to, supply);
  }
  if (net.max_flow(super_source, super_sink, supply) < supply) return std::nullopt;
  std::vector<std::int64_t> flow(g.entries(), 0);
  for (std::size_t e = 0; e < g.entries(); ++e)
    flow[e] = g.hidden[e] ? net.flow_on(arc_id[e]) : g.value[e];
  return flow;
}

// --- Secondary suppression -------------------------------------------------------------------

// The line rule, to a fixed point: a line holding exactly one hidden entry gets a second one —
// preferably an entry whose crossing line also holds exactly one (one hiding then protects two
// lines, which closes rectangles instead of spreading), then the smallest non-zero entry, the
// first on ties. A total is never smaller than the other non-zero entries of its line.
int protect_lines(Grid& g) {
  int hidden = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t l = 0; l < g.lines(); ++l) {
      if (g.hidden_in(l) != 1) continue;
      std::optional<std::size_t> best;
      auto key = [&](std::size_t e) {
        bool closes = g.hidden_in(g.crossing_line(e, l)) == 1;
        return std::make_tuple(closes ? 0 : 1, g.value[e]);
      };
      for (std::size_t e : g.line(l))
        if (!g.hidden[e] && g.value[e] > 0 && (!best || key(e) < key(*best))) best = e;
      // Always found: the hidden entry is non-zero, so its line holds another non-zero entry.
      if (best) {
        g.hidden[*best] = true;
        ++hidden;
        changed = true;
      }
    }
  }
  return hidden;
}

// The entry to hide so that hidden entry `pinned` is no longer determined. When the line rule
// is satisfied, an entry is determined when it is a bridge of the graph of hidden entries (grid
// rows and columns as nodes): no cycle of hidden entries passes through it, so the additivity
// around its two sides fixes it. The smallest published non-zero entry joining those two sides
// closes such a cycle. Failing that (not expected), the smallest sharing a line with it, then
// the smallest anywhere: the loop in suppress() ends at worst with every non-zero entry hidden,
// which is never recoverable.
std::optional<std::size_t> entry_to_hide_for(const Grid& g, std::size_t pinned) {
  // Node of grid row i: i; node of grid column j: rows + 1 + j.
  std::size_t nodes = g.lines();
  std::vector<std::vector<std::size_t>> adjacent(nodes);
  for (std::size_t e = 0; e < g.entries(); ++e) {
    if (!g.hidden[e] || e == pinned) continue;
    adjacent[g.row_line(e)].push_back(g.column_line(e));
    adjacent[g.column_line(e)].push_back(g.row_line(e));
  }
  auto side_of = [&](std::size_t start) {
    std::vector<bool> in(nodes, false);
    std::vector<std::size_t> stack{start};
    in[start] = true;
    while (!stack.empty()) {
      std::size_t v = stack.back();
      stack.pop_back();
      for (std::size_t w : adjacent[v]) {
        if (in[w]) continue;
        in[w] = true;
        stack.push_back(w);
      }
    }
    return in;
  };
  std::vector<bool> a = side_of(g.row_line(pinned)), b = side_of(g.column_line(pinned));

  auto smallest = [&](auto&& eligible) {
    std::optional<std::size_t> best;
    for (std::size_t e = 0; e < g.entries(); ++e)
      if (!g.hidden[e] && g.value[e] > 0 && eligible(e) &&
          (!best || g.value[e] < g.value[*best]))
        best = e;
    return best;
  };
  if (!a[g.column_line(pinned)]) {
    auto joins = [&](std::size_t e) {
      std::size_t r = g.row_line(e), c = g.column_line(e);
      return (a[r] && b[c]) || (b[r] && a[c]);
    };
    if (auto e = smallest(joins)) return e;
  }
  auto shares_a_line = [&](std::size_t e) {
    return g.row_line(e) == g.row_line(pinned) || g.column_line(e) == g.column_line(pinned);
  };
  if (auto e = smallest(shares_a_line)) return e;
  return smallest([](std::size_t) { return true; });
}

PublishedTable published_from(const Grid& g) {
  auto entry = [&](std::size_t i, std::size_t j) -> std::optional<std::int64_t> {
    std::size_t e = g.at(i, j);
    if (g.hidden[e]) return std::nullopt;
    return g.value[e];
  };
  PublishedTable out;
  out.cells.resize(g.rows);
  for (std::size_t i = 0; i < g.rows; ++i) {
    for (std::size_t j = 0; j < g.columns; ++j) out.cells[i].push_back(entry(i, j));
    out.row_totals.push_back(entry(i, g.columns));
  }
  for (std::size_t j = 0; j < g.columns; ++j) out.column_totals.push_back(entry(g.rows, j));
  out.grand_total = entry(g.rows, g.columns);
  return out;
}

// The published table back as a grid; nullopt when its shape is not that of a table.
std::optional<Grid> grid_of(const PublishedTable& p) {
  Grid g;
  g.rows = p.cells.size();
  g.columns = p.column_totals.size();
  if (p.row_totals.size() != g.rows) return std::nullopt;
  g.value.assign(g.entries(), 0);
  g.hidden.assign(g.entries(), false);
  auto set = [&](std::size_t i, std::size_t j, const std::optional<std::int64_t>& v) {
    g.hidden[g.at(i, j)] = !v.has_value();
    g.value[g.at(i, j)] = v.value_or(0);
  };
  for (std::size_t i = 0; i < g.rows; ++i) {
    if (p.cells[i].size() != g.columns) return std::nullopt;
    for (std::size_t j = 0; j < g.columns; ++j) set(i, j, p.cells[i][j]);
    set(i, g.columns, p.row_totals[i]);
  }
  for (std::size_t j = 0; j < g.columns; ++j) set(g.rows, j, p.column_totals[j]);
  set(g.rows, g.columns, p.grand_total);
  return g;
}

}  // namespace

PublishedTable suppress(const CountTable& table, int k) {
  Grid g = grid_of(table);
  int primary = 0;
  if (k > 1) {
    for (std::size_t e = 0; e < g.entries(); ++e)
      if (g.value[e] > 0 && g.value[e] < k) g.hidden[e] = true, ++primary;
  }
  int secondary = 0;
  if (primary > 0) {
    // The true values are a feasible completion: the bounds are taken around them.
    while (true) {
      secondary += protect_lines(g);
      std::optional<std::size_t> pinned = first_pinned(g, g.value, 1);
      if (!pinned) break;
      std::optional<std::size_t> e = entry_to_hide_for(g, *pinned);
      if (!e) break;  // unreachable: a table with every non-zero entry hidden pins nothing
      g.hidden[*e] = true;
      ++secondary;
    }
  }
  PublishedTable out = published_from(g);
  out.primary = primary;
  out.secondary = secondary;
  return out;
}

bool recoverable(const PublishedTable& published, std::int64_t min_range) {
  // Fail closed: a table that is not a table, or whose published figures admit no completion,
  // did not come out of suppress() and must not leave.
  std::optional<Grid> g = grid_of(published);
  if (!g) return true;
  for (std::size_t e = 0; e < g->entries(); ++e)
    if (!g->hidden[e] && g->value[e] < 0) return true;
  std::optional<std::vector<std::int64_t>> flow = some_completion(*g);
  if (!flow) return true;
  return first_pinned(*g, *flow, min_range).has_value();
}

}  // namespace passerelle::core
