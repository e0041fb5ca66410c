#pragma once
// Keys given twice in one JSON object. Boost.JSON keeps the last value of a duplicated key, so
// {"patient_id":A,"patient_id":B} would silently act for B while a proxy, a log or a WAF that keeps
// the first value saw A (RFC 8259 4: such an object's meaning is unpredictable). The request is
// refused instead; this scans the raw text because the parsed value no longer shows duplicates.

#include <optional>
#include <string>
#include <string_view>

namespace hf::api {

// The path of the first key repeated in the same object, at any depth ("items[1].drug_id"), or
// nullopt when every object's keys are unique. `text` must already be valid JSON.
std::optional<std::string> first_duplicate_key(std::string_view text);

}  // namespace hf::api
