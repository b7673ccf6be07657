#include "api/activity_support.h"

#include <algorithm>
#include <set>

#include "core/ids.h"
#include "core/permissions.h"

namespace passerelle::api {
namespace json = boost::json;

namespace {

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

}  // namespace

std::optional<std::vector<std::string>> project_ids_field(const json::object& o,
                                                          FieldErrors& errors) {
  auto it = o.find("projects");
  if (it == o.end()) return std::nullopt;
  std::vector<std::string> ids;
  if (it->value().is_null()) return ids;
  if (!it->value().is_array() || it->value().as_array().size() > 20) {
    errors.add("projects", "field.invalid");
    return ids;
  }
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string() || !core::is_id(v.as_string())) {
      errors.add("projects", "field.invalid");
      return std::vector<std::string>{};
    }
    std::string id(v.as_string());
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
  }
  return ids;
}

bool set_project_links(Context& ctx, store::Tx& tx, std::string_view record_type,
                       const std::string& record_id, const std::vector<std::string>& project_ids) {
  const auto& projects = ctx.store().projects();
  for (const auto& id : project_ids)
    if (!projects.find(tx, id)) throw Problem(422, "validation", {{"projects", "field.invalid"}});
  std::string type(record_type);
  auto current = projects.projects_of(tx, type, record_id);
  bool changed = false;
  for (const auto& id : project_ids)
    if (std::find(current.begin(), current.end(), id) == current.end()) {
      projects.link(tx, id, type, record_id);
      changed = true;
    }
  for (const auto& id : current)
    if (std::find(project_ids.begin(), project_ids.end(), id) == project_ids.end())
      changed |= projects.unlink(tx, id, type, record_id);
  return changed;
}

json::array project_links_json(Context& ctx, store::Tx& tx, std::string_view record_type,
                               const std::string& record_id) {
  json::array out;
  for (const auto& id : ctx.store().projects().projects_of(tx, std::string(record_type), record_id))
    out.emplace_back(id);
  return out;
}

std::optional<std::string> date_member(const json::object& o, std::string_view name,
                                       FieldErrors& errors) {
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_string() || !valid_date(it->value().as_string())) {
    errors.add(std::string(name), "date.format");
    return std::nullopt;
  }
  return std::string(it->value().as_string());
}

std::optional<std::int64_t> int_member(const json::object& o, std::string_view name,
                                       std::int64_t lo, std::int64_t hi, FieldErrors& errors) {
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_int64() || it->value().as_int64() < lo || it->value().as_int64() > hi) {
    errors.add(std::string(name), "field.invalid");
    return std::nullopt;
  }
  return it->value().as_int64();
}

std::vector<std::string> text_list(const json::object& o, std::string_view name,
                                   std::size_t max_items, std::size_t max_chars,
                                   FieldErrors& errors) {
  std::vector<std::string> out;
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_array() || it->value().as_array().size() > max_items) {
    errors.add(std::string(name), "field.invalid");
    return out;
  }
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string() || v.as_string().empty() || code_points(v.as_string()) > max_chars) {
      errors.add(std::string(name), "field.invalid");
      return {};
    }
    out.emplace_back(v.as_string());
  }
  return out;
}

bool valid_link(std::string_view url) {
  if (url.size() > 2000) return false;
  if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
  std::string_view rest = url.substr(url.find("//") + 2);
  if (rest.empty() || rest.front() == '/') return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
}

std::string person_name(const core::Person& p) {
  if (p.family_name.empty()) return p.given_name;
  if (p.given_name.empty()) return p.family_name;
  return p.given_name + " " + p.family_name;
}

bool outside_reader(const Context& ctx) {
  return !core::role_has(ctx.user->role, core::perm::activities_read);
}

store::Project visible_project(Context& ctx, store::Tx& tx, const std::string& id) {
  const auto& projects = ctx.store().projects();
  auto p = projects.find(tx, id);
  if (!p) throw Problem(404, "not-found");
  if (outside_reader(ctx)) {
    auto viewers = projects.viewers(tx, p->id);
    if (std::find(viewers.begin(), viewers.end(), ctx.user->id) == viewers.end())
      throw Problem(404, "not-found");
  }
  return *p;
}

}  // namespace passerelle::api
