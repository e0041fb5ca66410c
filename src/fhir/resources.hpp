#pragma once
// One handler pair (read, search) per FHIR resource; each lives in its own file with its mapping.

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::fhir {

http::Response capability_statement(app::App& app, http::Request& req);

http::Response patient_read(app::App& app, http::Request& req);
http::Response patient_search(app::App& app, http::Request& req);
http::Response practitioner_read(app::App& app, http::Request& req);
http::Response practitioner_search(app::App& app, http::Request& req);
http::Response organization_read(app::App& app, http::Request& req);
http::Response organization_search(app::App& app, http::Request& req);
http::Response medication_read(app::App& app, http::Request& req);
http::Response medication_search(app::App& app, http::Request& req);
http::Response medication_request_read(app::App& app, http::Request& req);
http::Response medication_request_search(app::App& app, http::Request& req);
http::Response medication_dispense_read(app::App& app, http::Request& req);
http::Response medication_dispense_search(app::App& app, http::Request& req);
http::Response audit_event_read(app::App& app, http::Request& req);
http::Response audit_event_search(app::App& app, http::Request& req);

// POST /fhir/r4 or /fhir/r4/Bundle: a transaction of MedicationRequests for one patient.
http::Response transaction(app::App& app, http::Request& req);

}  // namespace hf::fhir
