#include "service/dispensing.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "domain/batch_number.hpp"
#include "domain/dispensing.hpp"
#include "domain/prescription.hpp"
#include "domain/prescription_code.hpp"
#include "security/random.hpp"
#include "security/signed_token.hpp"
#include "service/audit_log.hpp"
#include "service/code_guess_limit.hpp"
#include "service/directory_rules.hpp"
#include "service/events.hpp"
#include "service/idempotent_result.hpp"
#include "service/prescribing.hpp"
#include "store/api_key_repository.hpp"
#include "store/user_repository.hpp"
#include "store/verification_repository.hpp"

namespace hf::service {
namespace {

namespace json = boost::json;
std::optional<security::PublicKey> key_for(const app::App& app, std::string_view kid) {
  if (kid == app.signing_key->kid()) return app.signing_key->public_key();
  for (const auto& pk : app.previous_public_keys)
    if (security::key_id(pk) == kid) return pk;
  return std::nullopt;
}

std::string pharmacy_of(const http::Request& req) {
  return req.caller.facility_ids.empty() ? std::string() : req.caller.facility_ids.front();
}

Status check_pharmacy(store::Connection& c, const http::Request& req) {
  const std::string pharmacy = pharmacy_of(req);
  auto f = store::find_facility(c, pharmacy);
  if (!f) return f.error();
  if (!*f || (*f)->type != "pharmacy" || (*f)->status != "active") {
    return Error::forbidden("Only a pharmacist at an active pharmacy can do this.");
  }
  return ok_status();
}

// Two UUIDs are not enough to dispense: the pharmacy must have verified the prescription by its QR
// token or code (the patient's secret, as gematik's AccessCode) within the configured window, so
// a pharmacy that kept the ids after a partial fill cannot fill the rest without the patient.
// Read inside the dispensing transaction, from the database every server copy shares.
Status check_recent_verification(const app::App& app, store::Connection& c, const std::string& prescription_id,
                                 const std::string& pharmacy, int64_t now) {
  auto last = store::last_verification(c, prescription_id, pharmacy);
  if (!last) return last.error();
  const int64_t window_ms = int64_t{app.config.dispense_verification_minutes} * 60 * 1000;
  if (*last && now - **last <= window_ms) return ok_status();
  Error e = Error::conflict(
      "Verify this prescription by its QR code or typed code first: dispensing needs a "
      "verification by this pharmacy within the last " +
      std::to_string(app.config.dispense_verification_minutes) + " minutes.");
  e.type_suffix = "verification-required";
  return e;
}

domain::ProductComposition composition(const domain::Drug& d) {
  domain::ProductComposition c;
  c.product_id = d.id;
  c.dosage_form = d.form;
  for (const auto& i : d.ingredients) c.ingredients.push_back({i.name, i.strength, i.unit});
  return c;
}

}  // namespace

Result<Verification> verify_prescription(app::App& app, const http::Request& req, const std::string& qr_token,
                                         const std::string& code) {
  Verification v;
  std::string wanted_code;
  std::string token_hash;
  if (!qr_token.empty()) {
    auto payload = security::verify_token(qr_token, [&](std::string_view kid) { return key_for(app, kid); });
    if (!payload) {
      v.signature_ok = false;
      v.reason = "forged";
      auto audit = audit_entry(req, "prescription.verify", "failure");
      audit.reason = "bad QR signature";
      if (auto s = app.audit->append(audit, now_ms()); !s) return s.error();
      return v;
    }
    boost::system::error_code ec;
    auto parsed = json::parse(std::string(payload->begin(), payload->end()), ec);
    if (ec || !parsed.is_object() || !parsed.as_object().contains("c") || !parsed.at("c").is_string()) {
      v.signature_ok = false;
      v.reason = "forged";
      return v;
    }
    wanted_code = std::string(parsed.at("c").as_string());
    if (const auto* h = parsed.as_object().if_contains("h"); h && h->is_string())
      token_hash = std::string(h->as_string());
  } else {
    auto normal = domain::validate_prescription_code(code);
    if (!normal) {
      return Error::rule("This code has a typing mistake; check it against the prescription.",
                         {{"code", normal.error().message}});
    }
    wanted_code = normal->text();
  }

  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  if (auto s = check_pharmacy(**lease, req); !s) return s.error();
  std::optional<CodeGuessReservation> guess;
  if (qr_token.empty()) {
    auto reserved =
        app.code_guesses->reserve(**lease, code_allowances(req.caller.id, pharmacy_of(req), req.remote_ip), now_ms());
    if (!reserved) return reserved.error();
    guess.emplace(std::move(reserved).value());
  }
  auto found = store::find_prescription_by_code(**lease, wanted_code);
  if (!found) return found.error();
  auto audit = audit_entry(req, "prescription.verify");
  if (!*found) {
    audit.outcome = "failure";
    audit.reason = "unknown code";
    lease->release();
    // A typed code's miss is counted with its audit entry, before its place is given back.
    const store::WriteUnit count_miss = guess ? guess->miss_unit() : store::WriteUnit{};
    if (auto s = app.audit->append(audit, now_ms(), guess ? &count_miss : nullptr); !s) return s.error();
    return Error::not_found("No prescription has this code.");
  }
  guess.reset();  // found: not a miss
  v.prescription = std::move(**found);
  auto& p = *v.prescription;
  // The signature is good but the stored content changed since signing: do not trust it.
  if (!token_hash.empty() && token_hash != content_hash(p)) {
    v.signature_ok = false;
    v.reason = "altered";
  }
  v.status = effective_status(app, p);
  if (v.reason.empty()) {
    if (v.status == "cancelled" || v.status == "expired" || v.status == "dispensed" || v.status == "rejected" ||
        v.status == "pending_approval") {
      v.reason = v.status;
    }
  }
  std::vector<std::string> drug_ids;
  for (const auto& i : p.items) drug_ids.push_back(i.drug_id);
  auto recalls = recalls_for_drugs(**lease, drug_ids);
  if (!recalls) return recalls.error();
  v.recalls = std::move(recalls).value();
  audit.patient_id = p.patient_id;
  audit.record_type = "prescription";
  audit.record_id = p.id;
  audit.reason = qr_token.empty() ? "by code" : "by QR token";
  lease->release();
  // A valid verification is remembered for the dispensing that may follow; it commits with its
  // audit entry, in the same group commit.
  const int64_t verified_at = app::business_now(app);
  const store::WriteUnit remember = [&](store::Connection& c) {
    return store::record_verification(c, p.id, pharmacy_of(req), req.caller.id, verified_at);
  };
  if (auto s = app.audit->append(audit, now_ms(), v.valid() ? &remember : nullptr); !s) return s.error();
  return v;
}

Result<Dispensed> dispense(app::App& app, const http::Request& req, const std::string& prescription_id,
                           const std::vector<DispenseLine>& lines, bool patient_id_checked) {
  const int64_t now = app::business_now(app);
  const auto catalog = app.catalog->index();
  std::optional<Dispensed> dispensed;
  auto written = app.writes->run([&](store::Connection& c) -> Status {
    if (auto s = check_pharmacy(c, req); !s) return s.error();
    // Lock the prescription row (PostgreSQL) so concurrent fills of it run one after the other;
    // SQLite's write transaction already does. The conditional UPDATE below is the last word.
    auto found = store::find_prescription(c, prescription_id, true);
    if (!found) return found.error();
    if (!*found) return Error::not_found("There is no such prescription.");
    auto p = std::move(**found);
    if (auto s = check_recent_verification(app, c, p.id, pharmacy_of(req), now); !s) return s.error();
    const std::string status = effective_status(app, p);
    auto current = domain::prescription_status_from_string(status);
    if (!current || !domain::is_dispensable(*current)) {
      return Error::conflict("The prescription is " + status + "; it cannot be dispensed.");
    }
    auto fills = store::fills_of(c, p.id);
    if (!fills) return fills.error();

    std::map<std::string, store::ItemRecord*> items;
    for (auto& i : p.items) items[i.id] = &i;
    store::DispensationRecord d;
    d.id = security::uuid_v4();
    d.prescription_id = p.id;
    d.pharmacist_id = req.caller.id;
    d.pharmacy_id = pharmacy_of(req);
    d.patient_id_checked = patient_id_checked;
    d.dispensed_at = now;
    std::map<std::string, int> requested;
    for (size_t n = 0; n < lines.size(); ++n) {
      const auto& line = lines[n];
      const std::string at = "items[" + std::to_string(n) + "]";
      auto it = items.find(line.item_id);
      if (it == items.end())
        return Error::rule("This item is not on the prescription.", {{at + ".item_id", "unknown item"}});
      if (requested.count(line.item_id))
        return Error::rule("Each item once per dispensing.", {{at + ".item_id", "repeated"}});
      requested[line.item_id] = line.quantity;
      const auto& item = *it->second;
      const auto* prescribed = catalog->find(item.drug_id);
      if (!prescribed) return Error::internal("prescribed product missing from the catalogue");
      std::string dispensed_id = line.dispensed_drug_id.empty() ? item.drug_id : line.dispensed_drug_id;
      const auto* handed = catalog->find(dispensed_id);
      // DOMAIN.md: permanently disabled products are not dispensed; a recalled batch is refused.
      if (handed) {
        if (auto s = check_dispensable(*handed); !s) {
          Error e = s.error();
          e.fields.push_back({at + ".item_id", e.message});
          return e;
        }
      }
      // Stored and compared in one spelling, so a recalled batch has no other name.
      auto batch = domain::normalise_batch_number(line.batch_no);
      if (!batch) return Error::rule("The batch number cannot be used.", {{at + ".batch_no", batch.error().message}});
      if (auto s = check_batch_not_recalled(c, dispensed_id, *batch); !s) return s.error();
      if (dispensed_id != item.drug_id) {
        const auto* other = catalog->find(dispensed_id);
        if (!other) return Error::rule("Unknown product.", {{at + ".dispensed_drug_id", "no product has this id"}});
        if (auto s =
                domain::check_substitution(item.substitution_allowed, composition(*prescribed), composition(*other));
            !s) {
          Error e = s.error();
          if (e.fields.empty()) e.fields.push_back({at + ".dispensed_drug_id", e.message});
          return e;
        }
      }
      if (auto s = domain::check_patient_id_checked(prescribed->controlled(), patient_id_checked); !s) {
        Error e = s.error();
        e.fields = {{"patient_id_checked", "must be true for controlled items"}};
        return e;
      }
      std::vector<domain::Fill> previous;
      for (const auto& f : *fills)
        if (f.item_id == item.id) previous.push_back({f.quantity, f.at});
      const domain::ItemSupply supply{item.quantity, item.repeats, item.repeat_interval_days};
      if (auto s = domain::check_fill(supply, previous, line.quantity, now); !s) {
        Error e = s.error();
        e.kind = ErrorKind::conflict;  // API.md: 409 if it would exceed what remains
        e.message = prescribed->trade_name + ": " + e.message;
        return e;
      }
      auto added = store::add_dispensed(c, item.id, line.quantity, now);
      if (!added) return added.error();
      if (!*added) return Error::conflict(prescribed->trade_name + ": this would exceed what remains.");
      it->second->dispensed_quantity += line.quantity;
      d.lines.push_back({security::uuid_v4(), item.id, dispensed_id, *batch, line.quantity});
    }
    const bool nothing_remains =
        std::all_of(p.items.begin(), p.items.end(), [](const store::ItemRecord& i) { return remaining_of(i) == 0; });
    auto next = domain::record_dispense(*current, nothing_remains);
    if (!next) return next.error();
    const std::string next_status(domain::to_string(*next));
    if (auto s = lock_audit_chain(c); !s) return s.error();
    if (auto s = store::insert_dispensation(c, d); !s) return s.error();
    if (auto s = record_idempotent_result(c, req, "/api/v1/prescriptions/" + p.id + "/dispensations"); !s)
      return s.error();
    if (auto s = store::update_prescription_status(c, p.id, next_status, now); !s) return s.error();
    auto audit = audit_entry(req, "dispensation.create");
    audit.patient_id = p.patient_id;
    audit.record_type = "dispensation";
    audit.record_id = d.id;
    if (auto s = append_audit(c, audit, now_ms()); !s) return s.error();
    auto audience = prescription_event_audience(c, p.id);
    if (!audience) return audience.error();
    if (auto s = record_event(c, "prescription.dispensed",
                              {{"prescription_id", p.id},
                               {"dispensation_id", d.id},
                               {"status", next_status},
                               {"pharmacy_id", d.pharmacy_id}},
                              now, *audience);
        !s)
      return s.error();
    p.status = next_status;
    dispensed = Dispensed{std::move(d), std::move(p), next_status};
    return ok_status();
  });
  if (!written) return written.error();
  app.metrics.inc("dispensations_total");
  return std::move(*dispensed);
}

Result<std::vector<store::DispensationRecord>> dispensations_for(app::App& app, const http::Request& req,
                                                                 const std::string& prescription_id) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto found = store::find_prescription(**lease, prescription_id);
  if (!found) return found.error();
  if (!*found) return Error::not_found("There is no such prescription.");
  auto list = store::dispensations_of(**lease, prescription_id);
  if (!list) return list.error();
  const auto& caller = req.caller;
  bool allowed = (caller.role == "doctor" && (*found)->prescriber_id == caller.id) ||
                 (caller.role == "patient" && (*found)->patient_id == caller.patient_id);
  if (caller.role == "pharmacist") {
    allowed = std::any_of(list->begin(), list->end(),
                          [&](const store::DispensationRecord& d) { return d.pharmacy_id == pharmacy_of(req); });
  }
  auto audit = audit_entry(req, "dispensation.read");
  audit.patient_id = (*found)->patient_id;
  audit.record_type = "prescription";
  audit.record_id = prescription_id;
  lease->release();
  if (!allowed)
    return refuse_and_audit(*app.audit, std::move(audit), Error::not_found("There is no such prescription."));
  if (auto s = app.audit->append(audit, now_ms()); !s) return s.error();
  return list;
}

Result<std::vector<store::DispensationRecord>> pharmacy_dispensations(app::App& app, const http::Request& req,
                                                                      int64_t from, int64_t to, int limit) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  return store::dispensations_at_pharmacy(**lease, pharmacy_of(req), from, to, limit);
}

}  // namespace hf::service
