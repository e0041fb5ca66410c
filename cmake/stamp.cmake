# Writes the build stamp (version, git commit, build time) that GET /version reports.
execute_process(COMMAND git -C ${SRC} rev-parse --short=12 HEAD OUTPUT_VARIABLE COMMIT
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR COMMIT STREQUAL "")
  set(COMMIT "unknown")
endif()
string(TIMESTAMP NOW "%Y-%m-%dT%H:%M:%SZ" UTC)
set(CONTENT "// Generated at build time; do not edit.\n#include \"app/build_info.hpp\"\nnamespace hf::build {\nconst char* const kVersion = \"${VERSION}\";\nconst char* const kCommit = \"${COMMIT}\";\nconst char* const kBuildTime = \"${NOW}\";\n}  // namespace hf::build\n")
file(WRITE ${OUT}.tmp "${CONTENT}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
