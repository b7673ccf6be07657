// The retention engine (security.md: per-record-type retention; closed files anonymised after the
// period). Run by `passerelle retention run` and once a day by the server.
#pragma once

#include <cstdint>
#include <string>

#include "store/store.h"

namespace passerelle::store {

struct RetentionPolicy {
  int closed_case_years = 5;        // people whose cases all closed this long ago are anonymised
  int unfollowed_person_years = 2;  // people never followed in a case, not seen for this long
};

struct RetentionReport {
  int people_anonymised = 0;
  int sessions_removed = 0;
  int throttle_rows_removed = 0;
};

// Applies every rule as of `now` (Unix seconds; tests pass a fake clock). Each anonymisation is
// its own transaction with its audit entry.
RetentionReport run_retention(Store& store, const RetentionPolicy& policy, std::int64_t now,
                              std::int64_t session_idle_seconds);

}  // namespace passerelle::store
