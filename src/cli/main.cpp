// passerelle: the command line. Every subcommand has --help.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "crypto/secret_bytes.h"

#ifndef PASSERELLE_VERSION
#define PASSERELLE_VERSION "dev"
#endif

using namespace passerelle;

int main(int argc, char** argv) {
  crypto::init();
  CLI::App app{"Passerelle: case management, referrals and programme monitoring for organisations "
               "supporting victims of trafficking and sexual exploitation."};
  app.require_subcommand(1);
  std::optional<std::string> config_file, data_dir, database_url;
  auto common = [&](CLI::App* sub) {
    sub->add_option("--config", config_file, "TOML configuration file");
    sub->add_option("--data-dir", data_dir, "Folder of the database and key file (default ./data)");
    sub->add_option("--database-url", database_url,
                    "postgresql://... for PostgreSQL (default: SQLite in the data folder)");
  };
  auto config = [&]() {
    cli::Config c = cli::load_config(config_file ? std::optional<std::filesystem::path>(*config_file)
                                                 : std::nullopt);
    if (data_dir) c.data_dir = *data_dir;
    if (database_url) c.database_url = *database_url;
    return c;
  };

  auto* init = app.add_subcommand("init", "Create the data folder, the master key file (mode 0600) "
                                          "and the database. Refuses to overwrite.");
  common(init);
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations.");
  common(migrate);

  auto* serve = app.add_subcommand("serve", "Serve the API and the web app until SIGTERM/SIGINT.");
  common(serve);
  std::optional<int> port;
  std::optional<std::string> listen, static_dir;
  serve->add_option("--port", port, "TCP port (default 8080; 0 picks a free one)")->check(CLI::Range(0, 65535));
  serve->add_option("--listen", listen, "Address to listen on (default 127.0.0.1)");
  serve->add_option("--static-dir", static_dir, "Built web app folder (default web/dist)");

  auto* user = app.add_subcommand("user", "Manage users from the command line.");
  user->require_subcommand(1);
  cli::NewUser new_user;
  auto* user_add = user->add_subcommand("add", "Add a user. Without --password a strong one is "
                                                "generated and printed once.");
  common(user_add);
  user_add->add_option("--username", new_user.username, "Login name (a-z 0-9 . - _)")->required();
  user_add->add_option("--role", new_user.role, "administrator, coordinator, social_worker, "
                                                 "peer_mediator, lawyer, psychologist, researcher, "
                                                 "project_viewer or partner")->required();
  user_add->add_option("--display-name", new_user.display_name, "Name shown in the app");
  user_add->add_option("--language", new_user.language, "fr or en")->check(CLI::IsMember({"fr", "en"}));
  user_add->add_option("--partner", new_user.partner, "Role partner (required for it): her organisation in the directory (its id, or a national mechanism code such as acse)");
  user_add->add_option("--password", new_user.password, "Initial password (visible in the process list: prefer --password-stdin)");
  user_add->add_flag("--password-stdin", new_user.password_stdin, "Read the password from standard input");
  auto* user_list = user->add_subcommand("list", "List users.");
  common(user_list);
  std::string target_user;
  auto* user_disable = user->add_subcommand("disable", "Disable a user and end her sessions.");
  common(user_disable);
  user_disable->add_option("--username", target_user, "Login name")->required();
  auto* user_reset = user->add_subcommand("reset-2fa", "Remove a user's second factor; she enrols "
                                                       "again at next sign-in.");
  common(user_reset);
  user_reset->add_option("--username", target_user, "Login name")->required();

  std::string file;
  auto* backup = app.add_subcommand("backup", "Write an encrypted, consistent backup while the "
                                              "server runs.");
  common(backup);
  backup->add_option("--to", file, "Backup file to create")->required();
  auto* restore = app.add_subcommand("restore", "Restore a backup into an empty deployment (same "
                                                "master key).");
  common(restore);
  restore->add_option("--from", file, "Backup file")->required()->check(CLI::ExistingFile);

  auto* audit = app.add_subcommand("audit", "Audit log tools.");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "Check the hash chain; report the first "
                                                       "broken link. Exit 1 when broken.");
  common(audit_verify);

  auto* keys = app.add_subcommand("keys", "Master key tools.");
  keys->require_subcommand(1);
  auto* keys_rotate = keys->add_subcommand("rotate", "Make a new master key and re-encrypt "
                                                     "everything with it. Safe to re-run after a "
                                                     "crash.");
  common(keys_rotate);

  int people = 200;
  std::uint64_t seed = 1;
  auto* demo = app.add_subcommand("demo", "Fill a database with generated, obviously fictional "
                                          "data (deterministic for a seed).");
  common(demo);
  demo->add_option("--people", people, "How many people to generate")->check(CLI::Range(0, 10000000));
  demo->add_option("--seed", seed, "Random seed");

  auto* retention = app.add_subcommand("retention", "Retention rules (anonymise closed files "
                                                    "after the period).");
  retention->require_subcommand(1);
  auto* retention_run = retention->add_subcommand("run", "Apply every retention rule now. The "
                                                         "server also does this once a day.");
  common(retention_run);

  auto* version = app.add_subcommand("version", "Print the version.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : cli::usage;
  }

  try {
    if (version->parsed()) {
      std::cout << "passerelle " << PASSERELLE_VERSION << "\n";
      return cli::ok;
    }
    cli::Config c = config();
    if (serve->parsed()) {
      if (port) c.port = static_cast<std::uint16_t>(*port);
      if (listen) c.listen_address = *listen;
      if (static_dir) c.static_dir = *static_dir;
    }
    cli::complete(c);
    if (init->parsed()) return cli::run_init(c);
    if (migrate->parsed()) return cli::run_migrate(c);
    if (serve->parsed()) return cli::run_serve(c);
    if (user_add->parsed()) return cli::run_user_add(c, new_user);
    if (user_list->parsed()) return cli::run_user_list(c);
    if (user_disable->parsed()) return cli::run_user_disable(c, target_user);
    if (user_reset->parsed()) return cli::run_user_reset_2fa(c, target_user);
    if (backup->parsed()) return cli::run_backup(c, file);
    if (restore->parsed()) return cli::run_restore(c, file);
    if (audit_verify->parsed()) return cli::run_audit_verify(c);
    if (keys_rotate->parsed()) return cli::run_keys_rotate(c);
    if (demo->parsed()) return cli::run_demo(c, people, seed);
    if (retention_run->parsed()) return cli::run_retention(c);
  } catch (const store::StoreError& e) {
    std::cerr << "passerelle: database error: " << e.what() << "\n";
    return cli::store_failed;
  } catch (const std::exception& e) {
    std::cerr << "passerelle: " << e.what() << "\n";
    return cli::state;
  }
  return cli::usage;
}
