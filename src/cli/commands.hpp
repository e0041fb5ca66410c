#pragma once
// One function per subcommand; main.cpp only parses the command line.

#include <string>

#include "app/config.hpp"

namespace hf::cli {

struct ServeOptions {
  bool migrate = false;
};

int serve(app::Config config, const ServeOptions& options);
int migrate_up(app::Config config);
int migrate_down(app::Config config, int steps);
int migrate_status(app::Config config);
int print_version();

}  // namespace hf::cli
