// demo: fills a deployment with generated, obviously fictional data.
#include <sys/stat.h>

#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/ids.h"
#include "crypto/password_hash.h"
#include "crypto/secret_bytes.h"
#include "io/demo_generator.h"

namespace passerelle::cli {

int run_demo(const Config& c, int people, std::uint64_t seed) {
  auto store = open_store(c, 1);
  // One demo password for every demo account, written beside the database (mode 0600) so that
  // `make run` can show it again; generated, never in the repository.
  std::filesystem::path login_file = c.data_dir / "demo-login.txt";
  std::string password;
  if (std::filesystem::exists(login_file)) {
    std::ifstream in(login_file);
    std::getline(in, password);
  }
  if (password.empty()) {
    static constexpr char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    crypto::Bytes r = crypto::random_bytes(15);
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i && i % 5 == 0) password += '-';
      password += alphabet[r[i] % (sizeof(alphabet) - 1)];
    }
    std::ofstream out(login_file, std::ios::trunc);
    out << password << "\n";
    out.close();
    ::chmod(login_file.c_str(), 0600);
  }
  std::string phc = crypto::hash_password(password);
  int created = 0;
  store->db().write([&](store::Tx& tx) {
    for (const io::DemoStaff& staff : io::demo_staff()) {
      if (store->users().find_by_username(tx, staff.username)) continue;
      core::User u;
      u.id = core::new_id();
      u.username = staff.username;
      u.display_name = staff.display_name;
      u.role = staff.role;
      u.language = staff.language;
      u.password_hash = phc;
      // A partner account belongs to an organisation; until the demo casework links it to a
      // demo shelter, it is Ac.Sé's (seeded by migration 0003 with a fixed id).
      if (u.role == "partner") u.partner_id = "00000000-0000-7000-8000-000000000001";
      u.created_at = u.updated_at = core::now_iso8601();
      store->users().create(tx, u);
      store->audit().append(tx, cli_event("user.create", "user", u.id));
      ++created;
    }
    auto e = cli_event("system.demo");
    e.details = "{\"via\":\"cli\",\"seed\":" + std::to_string(seed) + "}";
    store->audit().append(tx, e);
  });
  std::cout << "Demo accounts: " << created << " created (" << io::demo_staff().size()
            << " in all), password: " << password << "\n"
            << "  demo.socialworker   social worker (no second factor needed)\n"
            << "  demo.mediator       peer mediator\n"
            << "  demo.coordinator    coordinator (sets up a second factor at first sign-in)\n"
            << "  demo.admin          administrator (sets up a second factor at first sign-in)\n"
            << "  demo.partner        a partner organisation's user (sees only referrals to it)\n";
  if (people > 0) {
    io::DemoCounts n = io::generate_casework(*store, people, seed, core::now_iso8601().substr(0, 10));
    std::cout << "Demo casework: " << n.people << " people, " << n.cases << " cases, "
              << n.encounters << " encounters, " << n.notes << " notes, " << n.tasks
              << " tasks, " << n.consents << " consents, " << n.partners << " partners, "
              << n.procedures << " procedures (all fictional).\n";
    io::ProgrammeCounts g = io::generate_programmes(*store, seed, core::now_iso8601().substr(0, 10));
    if (g.already_there)
      std::cout << "Demo programmes: the projects are already there, none added.\n";
    else
      std::cout << "Demo programmes: " << g.projects << " projects, " << g.indicators
                << " indicators, " << g.activities << " activities, " << g.sessions
                << " sessions, " << g.attendance << " attendance records, " << g.media_items
                << " media items, " << g.applications << " applications, " << g.earlier_cases
                << " earlier cases, " << g.procedures << " procedures, " << g.links
                << " project links (all fictional; amounts are demo figures).\n";
  }
  return ok;
}

}  // namespace passerelle::cli
