#pragma once
// Building the App from a Config: the one place that opens the database and finds migrations.

#include <memory>
#include <vector>

#include "app/app.hpp"
#include "store/migrations.hpp"

namespace hf::app {

struct Opened {
  std::unique_ptr<App> app;
  std::vector<store::Migration> migrations;
};

Result<Opened> open_app(Config config);
// After migrations, before serving: services that read the schema (the drug catalogue).
Status open_services(App& app);

}  // namespace hf::app
