// user add | list | disable | reset-2fa
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/password_policy.h"
#include "core/permissions.h"
#include "crypto/password_hash.h"
#include "crypto/secret_bytes.h"

namespace passerelle::cli {

namespace {

// Four groups of five characters from an alphabet without look-alikes: ~100 bits.
std::string generated_password() {
  static constexpr char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  crypto::Bytes random = crypto::random_bytes(20);
  std::string out;
  for (std::size_t i = 0; i < random.size(); ++i) {
    if (i && i % 5 == 0) out += '-';
    out += alphabet[random[i] % (sizeof(alphabet) - 1)];
  }
  return out;
}

std::optional<core::User> find_user(store::Store& s, const std::string& username) {
  std::optional<core::User> u;
  s.db().read([&](store::Tx& tx) { u = s.users().find_by_username(tx, username); });
  return u;
}

}  // namespace

int run_user_add(const Config& c, NewUser n) {
  std::transform(n.username.begin(), n.username.end(), n.username.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  bool valid_name = n.username.size() >= 3 && n.username.size() <= 64 &&
                    std::all_of(n.username.begin(), n.username.end(), [](char ch) {
                      return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                             ch == '-' || ch == '_';
                    });
  if (!valid_name) {
    std::cerr << "passerelle: --username: 3 to 64 characters among a-z 0-9 . - _\n";
    return usage;
  }
  if (!core::is_role(n.role)) {
    std::cerr << "passerelle: --role: unknown role '" << n.role << "'\n";
    return usage;
  }
  if (!n.partner.empty() && n.role != "partner") {
    std::cerr << "passerelle: --partner is only for users with the role partner\n";
    return usage;
  }
  // As the API: a partner user without her organisation would see nothing, and nothing says why.
  if (n.partner.empty() && n.role == "partner") {
    std::cerr << "passerelle: --partner: a user with the role partner needs her organisation "
                 "(its id in the directory, or a national mechanism code such as acse)\n";
    return usage;
  }
  if (n.password_stdin) std::getline(std::cin, n.password);
  bool generated = n.password.empty();
  if (generated) n.password = generated_password();
  auto problems = core::check_password(n.password, n.username);
  if (!problems.empty()) {
    std::cerr << "passerelle: the password is refused:";
    for (auto p : problems) std::cerr << " " << core::message_key(p);
    std::cerr << " (12 to 128 characters, not common, not containing the user name)\n";
    return usage;
  }
  auto store = open_store(c, 1);
  core::User u;
  u.id = core::new_id();
  u.username = n.username;
  u.display_name = n.display_name.empty() ? n.username : n.display_name;
  u.role = n.role;
  u.language = n.language;
  u.created_at = u.updated_at = core::now_iso8601();
  u.password_hash = crypto::hash_password(n.password);
  bool taken = false, unknown_partner = false;
  store->db().write([&](store::Tx& tx) {
    if (!n.partner.empty()) {
      // An id, or the code of a national mechanism (the same in every deployment).
      auto partner = core::is_id(n.partner) ? store->partners().find(tx, n.partner)
                                            : store->partners().find_by_mechanism(tx, n.partner);
      if (!partner) {
        unknown_partner = true;
        return;
      }
      u.partner_id = partner->id;
    }
    if (store->users().find_by_username(tx, u.username)) {
      taken = true;
      return;
    }
    store->users().create(tx, u);
    store->audit().append(tx, cli_event("user.create", "user", u.id));
  });
  if (unknown_partner) {
    std::cerr << "passerelle: --partner: no partner '" << n.partner << "' in the directory.\n";
    return state;
  }
  if (taken) {
    std::cerr << "passerelle: the user name '" << u.username << "' is already in use.\n";
    return state;
  }
  std::cout << "User " << u.username << " (" << u.role << ") added.";
  if (generated) std::cout << " Password (shown once): " << n.password;
  std::cout << "\n";
  if (core::role_requires_mfa(u.role))
    std::cout << "A second factor (authenticator app) will be set up at first sign-in.\n";
  return ok;
}

int run_user_list(const Config& c) {
  auto store = open_store(c, 1);
  std::string after;
  for (;;) {
    store::UserPage page;
    store->db().read([&](store::Tx& tx) { page = store->users().list(tx, after, 200); });
    for (const auto& u : page.items)
      std::cout << u.username << "\t" << u.role << "\t" << (u.disabled ? "disabled" : "active")
                << "\t" << (u.mfa_enabled ? "2fa" : "no-2fa") << "\n";
    if (!page.next) break;
    after = *page.next;
  }
  return ok;
}

int run_user_disable(const Config& c, const std::string& username) {
  auto store = open_store(c, 1);
  auto u = find_user(*store, username);
  if (!u) {
    std::cerr << "passerelle: no user named '" << username << "'\n";
    return state;
  }
  store->db().write([&](store::Tx& tx) {
    store::UserChanges changes;
    changes.disabled = true;
    store->users().update(tx, u->id, u->version, changes);
    store->sessions().remove_all_for_user(tx, u->id);
    store->audit().append(tx, cli_event("user.disable", "user", u->id));
  });
  std::cout << "User " << username << " disabled; her sessions have ended.\n";
  return ok;
}

int run_user_reset_2fa(const Config& c, const std::string& username) {
  auto store = open_store(c, 1);
  auto u = find_user(*store, username);
  if (!u) {
    std::cerr << "passerelle: no user named '" << username << "'\n";
    return state;
  }
  store->db().write([&](store::Tx& tx) {
    store->users().clear_mfa(tx, u->id);
    store->sessions().remove_all_for_user(tx, u->id);
    store->audit().append(tx, cli_event("user.mfa_reset", "user", u->id));
  });
  std::cout << "Second factor of " << username
            << " removed; she will enrol a new one at next sign-in.\n";
  return ok;
}

}  // namespace passerelle::cli
