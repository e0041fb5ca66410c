// healthflow admin create-user: the first administrator (API.md "Identity"). The password comes
// from standard input, never from a flag that would land in shell history.
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "app/bootstrap.hpp"
#include "cli/commands.hpp"
#include "service/administration.hpp"

namespace hf::cli {
namespace {

std::string read_password() {
  std::string line;
  if (!isatty(STDIN_FILENO)) {
    std::getline(std::cin, line);
    return line;
  }
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
  std::cerr << "Password (12 to 128 characters): " << std::flush;
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  return line;
}

}  // namespace

int create_user(app::Config config, const CreateUserOptions& o) {
  auto opened = app::open_app(std::move(config));
  if (!opened) {
    std::cerr << "healthflow: " << opened.error().message << "\n";
    return 1;
  }
  store::Migrator m(*opened->app->db, opened->migrations);
  auto states = m.status();
  if (!states || !m.pending_names(*states).empty()) {
    std::cerr << "healthflow: apply the migrations first (healthflow migrate up).\n";
    return 1;
  }
  service::NewUser in;
  in.user.role = o.role;
  in.user.username = o.username;
  in.user.full_name = o.full_name;
  in.user.full_name_ar = o.full_name_ar;
  in.user.license_no = o.license_no;
  in.user.facility_ids = o.facility_ids;
  in.password = read_password();
  if (!in.password.empty() && in.password.back() == '\r') in.password.pop_back();
  auto out = service::create_user(*opened->app, nullptr, std::move(in));
  if (!out) {
    std::cerr << "healthflow: " << out.error().message << "\n";
    for (const auto& f : out.error().fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
    return 1;
  }
  std::cout << "created " << out->role << " " << out->username << " (" << out->id << ")\n";
  return 0;
}

}  // namespace hf::cli
