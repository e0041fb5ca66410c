// libFuzzer target: the catalogue importer (`healthflow catalog import` and the admin bulk
// upload): CSV text into drugs and ingredients, all or nothing. Invariants: never crashes; every
// accepted drug has a registration number and at least one ingredient.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/catalog/catalog_loader.hpp"
#include "domain/catalog/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hf::domain;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)parse_csv(input);
  if (auto drugs = load_drugs(input)) {
    for (const auto& d : *drugs)
      if (d.id.empty() || d.ingredients.empty()) std::abort();
  }
  (void)load_ingredients(input);
  return 0;
}
