// healthflow: one binary, subcommands (ARCHITECTURE.md). Parsing only; each command lives in
// its own file under src/cli/.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/config.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace hf;
  auto env_config = app::config_from_environment(app::process_environment());
  if (!env_config) {
    std::cerr << "healthflow: " << env_config.error().message << "\n";
    return 2;
  }
  app::Config config = std::move(env_config).value();

  CLI::App cli{"HealthFlow: Egypt's national digital prescription platform"};
  cli.require_subcommand(1);

  auto* serve = cli.add_subcommand("serve", "Serve the API and the portals");
  cli::ServeOptions serve_options;
  serve->add_option("--host", config.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", config.port, "Port (0 picks a free one)")->capture_default_str();
  serve->add_option("--threads", config.threads, "I/O threads (default: core count)");
  serve->add_option("--data-dir", config.data_dir, "Data directory (SQLite file, generated secrets)")
      ->capture_default_str();
  serve->add_flag("--migrate", serve_options.migrate, "Apply pending migrations before serving");

  auto* migrate = cli.add_subcommand("migrate", "Database migrations");
  migrate->require_subcommand(1);
  migrate->fallthrough();
  migrate->add_option("--data-dir", config.data_dir, "Data directory");
  auto* up = migrate->add_subcommand("up", "Apply every pending migration");
  int down_steps = 1;
  auto* down = migrate->add_subcommand("down", "Revert the newest N migrations (default 1)");
  down->add_option("N", down_steps, "How many to revert")->check(CLI::Range(1, 1000));
  auto* status = migrate->add_subcommand("status", "List applied and pending migrations");

  auto* catalog = cli.add_subcommand("catalog", "The drug catalogue");
  catalog->require_subcommand(1);
  catalog->fallthrough();
  catalog->add_option("--data-dir", config.data_dir, "Data directory");
  std::string catalog_file;
  auto* catalog_import = catalog->add_subcommand("import", "Validate and import a drugs.csv file (all or nothing)");
  catalog_import->add_option("FILE", catalog_file, "drugs.csv to import")->required();

  std::string backup_file;
  auto* backup = cli.add_subcommand("backup", "Back up the database (SQLite online backup, pg_dump for PostgreSQL)");
  backup->add_option("--to", backup_file, "Backup file to write")->required();
  backup->add_option("--data-dir", config.data_dir, "Data directory");
  std::string restore_file;
  auto* restore = cli.add_subcommand("restore", "Restore the database from a backup (stop the server first)");
  restore->add_option("--from", restore_file, "Backup file to read")->required();
  restore->add_option("--data-dir", config.data_dir, "Data directory");

  auto* audit = cli.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  audit->fallthrough();
  audit->add_option("--data-dir", config.data_dir, "Data directory");
  auto* audit_verify = audit->add_subcommand("verify", "Walk the hash chain and name the first bad entry");

  auto* reports = cli.add_subcommand("reports", "The regulator reports' summary tables");
  reports->require_subcommand(1);
  reports->fallthrough();
  reports->add_option("--data-dir", config.data_dir, "Data directory");
  auto* reports_rebuild =
      reports->add_subcommand("rebuild", "Rebuild the report summaries from the raw tables (after a bulk import)");

  auto* keys = cli.add_subcommand("keys", "The data encryption keys");
  keys->require_subcommand(1);
  keys->fallthrough();
  keys->add_option("--data-dir", config.data_dir, "Data directory");
  auto* keys_reencrypt =
      keys->add_subcommand("reencrypt", "Seal every protected value again with DATA_ENCRYPTION_KEY (after a rotation)");

  auto* version = cli.add_subcommand("version", "Print the version, commit and build time");

  auto* admin = cli.add_subcommand("admin", "Administration");
  admin->require_subcommand(1);
  admin->fallthrough();
  admin->add_option("--data-dir", config.data_dir, "Data directory");
  cli::CreateUserOptions user_options;
  auto* create_user = admin->add_subcommand("create-user", "Create a user; the password is read from standard input");
  create_user->add_option("--role", user_options.role, "Role (admin, regulator, doctor, ...)")->capture_default_str();
  create_user->add_option("--username", user_options.username, "Username")->required();
  create_user->add_option("--full-name", user_options.full_name, "Full name")->required();
  create_user->add_option("--full-name-ar", user_options.full_name_ar, "Full name in Arabic");
  create_user->add_option("--license-no", user_options.license_no, "Syndicate licence number");
  create_user->add_option("--facility", user_options.facility_ids, "Facility id (repeatable)");

  auto* demo = cli.add_subcommand("demo", "Demo data");
  demo->require_subcommand(1);
  demo->fallthrough();
  demo->add_option("--data-dir", config.data_dir, "Data directory");
  auto* demo_seed = demo->add_subcommand("seed", "Add a demo world to an empty database (prints the log-ins once)");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  app::resolve_paths(config, "/proc/self/exe");

  if (*serve) return cli::serve(std::move(config), serve_options);
  if (*up) return cli::migrate_up(std::move(config));
  if (*down) return cli::migrate_down(std::move(config), down_steps);
  if (*status) return cli::migrate_status(std::move(config));
  if (*version) return cli::print_version();
  if (*create_user) return cli::create_user(std::move(config), user_options);
  if (*demo_seed) return cli::demo_seed(std::move(config));
  if (*catalog_import) return cli::catalog_import(std::move(config), catalog_file);
  if (*audit_verify) return cli::audit_verify(std::move(config));
  if (*reports_rebuild) return cli::reports_rebuild(std::move(config));
  if (*backup) return cli::backup(std::move(config), backup_file);
  if (*restore) return cli::restore(std::move(config), restore_file);
  if (*keys_reencrypt) return cli::keys_reencrypt(std::move(config));
  return 2;
}
