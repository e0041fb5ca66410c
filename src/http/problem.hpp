#pragma once
// RFC 9457 problem details for every error answer (API.md "Conventions").

#include <string>
#include <vector>

#include "domain/result.hpp"
#include "http/message.hpp"

namespace hf::http {

inline constexpr const char* kProblemBase = "https://healthflow.gov.eg/problems/";

int status_of(ErrorKind kind);
// type is kProblemBase + slug; the slug defaults from the status.
Response problem(int status, const std::string& detail, const std::string& slug = {},
                 const std::vector<FieldError>& fields = {});
Response problem(const Error& e);

}  // namespace hf::http
