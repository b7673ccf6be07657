// What the activities, media, calls, projects and reports handlers share: reading their inputs,
// the links of a record to the projects it counts towards, people's names in attendance and
// media lists.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/app.h"
#include "api/json_input.h"
#include "core/person.h"
#include "store/project_repository.h"

namespace passerelle::api {

// `projects` of a request body: nullopt when absent, else project ids (field.invalid when not a
// list of at most 20 ids). Whether they are projects is checked by set_project_links.
std::optional<std::vector<std::string>> project_ids_field(const boost::json::object& o,
                                                          FieldErrors& errors);
// Makes the record count towards exactly `project_ids`: links the new ones, unlinks the others.
// An id that is no project: 422 `projects` field.invalid (nothing written by the caller's
// transaction then). Returns true when anything changed.
bool set_project_links(Context& ctx, store::Tx& tx, std::string_view record_type,
                       const std::string& record_id, const std::vector<std::string>& project_ids);
// The ids of the projects a record counts towards.
boost::json::array project_links_json(Context& ctx, store::Tx& tx, std::string_view record_type,
                                      const std::string& record_id);

// A date member: absent or null → nullopt; else a YYYY-MM-DD date that exists (date.format).
std::optional<std::string> date_member(const boost::json::object& o, std::string_view name,
                                       FieldErrors& errors);
// An integer member in [lo, hi]: absent or null → nullopt; else field.invalid when out of range.
std::optional<std::int64_t> int_member(const boost::json::object& o, std::string_view name,
                                       std::int64_t lo, std::int64_t hi, FieldErrors& errors);
// A list of non-empty texts (each at most max_chars code points, at most max_items).
std::vector<std::string> text_list(const boost::json::object& o, std::string_view name,
                                   std::size_t max_items, std::size_t max_chars,
                                   FieldErrors& errors);
// An http(s) address without spaces or control characters.
bool valid_link(std::string_view url);
// A person's name as lists show it ("Aïcha Ndiaye").
std::string person_name(const core::Person& p);

// A reader of reports who does not do the work behind them — a funder's liaison (project
// viewer): she sees only the projects she is a viewer of, and only suppressed figures.
bool outside_reader(const Context& ctx);
// The project if the reader may see it (404 otherwise, as for an unknown id).
store::Project visible_project(Context& ctx, store::Tx& tx, const std::string& id);

}  // namespace passerelle::api
