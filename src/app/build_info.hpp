#pragma once
// Stamped at build time by cmake/stamp.cmake (GET /version).

namespace hf::build {
extern const char* const kVersion;
extern const char* const kCommit;
extern const char* const kBuildTime;
}  // namespace hf::build
