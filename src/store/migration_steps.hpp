#pragma once
// The C++ half of migrations whose data change SQL cannot express (encryption at rest).

#include "store/migrations.hpp"

namespace hf::store {

// Sets after_up / before_down on the migrations that have a data step.
void attach_code_steps(Migration& m);

}  // namespace hf::store
