// Computes indicators (core/indicators.h) in the database: one aggregate query per indicator (and
// per dimension), never a row per person in memory. Results are raw counts; suppression for
// outputs that leave the organisation is applied by the caller (core/suppression.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/project_repository.h"

namespace passerelle::store {

struct Period {
  std::string from, to;  // inclusive YYYY-MM-DD
};

struct IndicatorValue {
  std::int64_t value = 0;
  // Cumulative value at the end of each month of the period ("2025-03" → n): progress over time.
  std::vector<std::pair<std::string, std::int64_t>> by_month;
  // dimension → category → count (exclusive categories; they add up to `value` for
  // distinct-people counts).
  std::map<std::string, std::map<std::string, std::int64_t>> breakdowns;
};

class IndicatorEngine {
 public:
  // The period is the project's period intersected with `period` (empty strings: the project's).
  // `dimensions`: which breakdowns to compute (only those that apply to the count).
  IndicatorValue compute(Tx& tx, const Project& project, const Indicator& indicator,
                         const Period& period, const std::vector<std::string>& dimensions,
                         bool by_month) const;
  // The SQL statement and parameters compute() runs for the headline value (for the benchmark,
  // which runs the same SQL directly in the database to compare); params[i] binds :q<i+1>.
  // With months or breakdowns, compute() makes them and the value in one other pass, whose
  // cells add up to the same value.
  struct Statement {
    std::string sql;
    std::vector<std::string> params;
  };
  Statement headline_statement(Tx& tx, const Project& project, const Indicator& indicator,
                               const Period& period) const;
};

}  // namespace passerelle::store
