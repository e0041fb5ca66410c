#include "domain/cds/severity.hpp"

namespace hf::domain {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::contraindicated:
      return "contraindicated";
    case Severity::major:
      return "major";
    case Severity::moderate:
      return "moderate";
    case Severity::minor:
      return "minor";
  }
  return "minor";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::contraindicated, Severity::major, Severity::moderate, Severity::minor}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

}  // namespace hf::domain
