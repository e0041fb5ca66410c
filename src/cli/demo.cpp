// healthflow demo seed: a small demo world for a newcomer's first minute, created
// through the same services as the API. Never runs against a database that already has users.
#include <iostream>

#include "app/bootstrap.hpp"
#include "cli/commands.hpp"
#include "domain/sig.hpp"
#include "security/encoding.hpp"
#include "security/random.hpp"
#include "service/administration.hpp"
#include "service/dispensing.hpp"
#include "service/patient_service.hpp"
#include "service/prescribing.hpp"

namespace hf::cli {
namespace {

constexpr const char* kCountUsers = "SELECT COUNT(*) FROM users";

http::Request as(const store::UserRecord& u) {
  http::Request r;
  r.caller.kind = "user";
  r.caller.id = u.id;
  r.caller.role = u.role;
  r.caller.facility_ids = u.facility_ids;
  r.caller.patient_id = u.patient_id;
  r.remote_ip = "127.0.0.1";
  r.request_id = "demo-seed";
  return r;
}

service::DraftItem draft_item(app::App& app, const std::string& trade_name, int quantity, int repeats = 0) {
  const auto index = app.catalog->index();
  service::DraftItem d;
  for (const auto& drug : index->drugs())
    if (drug.trade_name == trade_name) d.drug_id = drug.id;
  d.sig.dose_amount = 1;
  d.sig.dose_unit = "tablet";
  d.sig.times_per_day = 2;
  d.sig.duration_days = 7;
  d.quantity = quantity;
  d.repeats = repeats;
  d.repeat_interval_days = repeats ? 28 : 0;
  auto text = domain::write_sig(d.sig);
  if (text) d.sig_text = *text;
  return d;
}

}  // namespace

int demo_seed(app::Config config) {
  auto opened = app::open_app(std::move(config));
  if (!opened) {
    std::cerr << "healthflow: " << opened.error().message << "\n";
    return 1;
  }
  app::App& a = *opened->app;
  store::Migrator m(*a.db, opened->migrations);
  auto states = m.status();
  if (!states || !m.pending_names(*states).empty()) {
    std::cerr << "healthflow: apply the migrations first (healthflow migrate up).\n";
    return 1;
  }
  {
    auto lease = a.db->acquire();
    if (!lease) return 1;
    auto n = (*lease)->query(kCountUsers);
    if (!n) return 1;
    if (n->first().integer(0) > 0) {
      std::cout << "Demo data not added: this database already has users.\n";
      return 0;
    }
  }
  if (auto s = app::open_services(a); !s) {
    std::cerr << "healthflow: " << s.error().message << "\n";
    return 1;
  }
  // One password for the demo accounts, random per database and shown once.
  const std::string password = "demo-" + security::base64url_encode(security::random_bytes(9));
  auto fail = [](const Error& e) {
    std::cerr << "healthflow: demo seed failed: " << e.message << "\n";
    for (const auto& f : e.fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
    return 1;
  };
  auto user = [&](const http::Request* req, const char* role, const char* username, const char* name,
                  const char* name_ar, std::vector<std::string> facilities, std::string patient_id = {},
                  std::string license = {}) -> Result<store::UserRecord> {
    service::NewUser u;
    u.user.role = role;
    u.user.username = username;
    u.user.full_name = name;
    u.user.full_name_ar = name_ar;
    u.user.facility_ids = std::move(facilities);
    u.user.patient_id = std::move(patient_id);
    u.user.license_no = std::move(license);
    u.password = password;
    return service::create_user(a, req, std::move(u));
  };
  auto admin = user(nullptr, "admin", "admin", "Ministry Administrator", "مدير النظام", {});
  if (!admin) return fail(admin.error());
  const auto admin_req = as(*admin);
  store::FacilityRecord clinic{{},        "clinic", "Nile Family Clinic",       "عيادة النيل للأسرة",
                               "CL-1001", "01",     "12 Qasr El Nil St, Cairo", "active",
                               0};
  store::FacilityRecord pharmacy{{},        "pharmacy", "El Ezaby Pharmacy Dokki",  "صيدلية العزبي الدقي",
                                 "PH-2001", "21",       "5 Tahrir St, Dokki, Giza", "active",
                                 0};
  auto c = service::create_facility(a, admin_req, clinic);
  auto p = service::create_facility(a, admin_req, pharmacy);
  if (!c) return fail(c.error());
  if (!p) return fail(p.error());
  auto doctor = user(&admin_req, "doctor", "dr.ahmed", "Dr. Ahmed Mostafa", "د. أحمد مصطفى", {c->id}, {}, "EMS-55123");
  auto pharmacist = user(&admin_req, "pharmacist", "ph.mona", "Dr. Mona Adel", "د. منى عادل", {p->id}, {}, "PHS-77210");
  auto regulator = user(&admin_req, "regulator", "eda.samir", "Samir Fawzy (EDA)", "سمير فوزي", {});
  if (!doctor) return fail(doctor.error());
  if (!pharmacist) return fail(pharmacist.error());
  if (!regulator) return fail(regulator.error());
  const auto doctor_req = as(*doctor);

  struct DemoPatient {
    const char* national_id;
    const char* name;
    const char* name_ar;
    const char* username;
    std::vector<std::string> allergies;
  };
  const std::vector<DemoPatient> people{
      {"28506120100241", "Fatma Ibrahim", "فاطمة إبراهيم", "fatma", {"penicillins"}},
      {"29811052101452", "Youssef Kamal", "يوسف كمال", "youssef", {}},
      {"30203150201663", "Nour El Sayed", "نور السيد", "nour", {}},
  };
  std::vector<store::PatientRow> patients;
  std::vector<std::string> logins;
  for (const auto& person : people) {
    service::NewPatient np;
    np.national_id = person.national_id;
    np.full_name = person.name;
    np.full_name_ar = person.name_ar;
    np.phone = "+201001234567";
    np.allergies = person.allergies;
    auto row = service::register_patient(a, doctor_req, np);
    if (!row) return fail(row.error());
    auto account = user(&admin_req, "patient", person.username, person.name, person.name_ar, {}, row->id);
    if (!account) return fail(account.error());
    patients.push_back(*row);
    logins.push_back(person.username);
  }

  // Prescriptions in every state (DOMAIN.md lifecycle).
  auto prescribe = [&](const store::PatientRow& pt, std::vector<service::DraftItem> items) {
    service::PrescriptionDraft d;
    d.patient_id = pt.id;
    d.facility_id = c->id;
    d.diagnosis_codes = {"J06.9"};
    d.items = std::move(items);
    service::CreateRefusal refusal;
    return service::create_prescription(a, doctor_req, d, refusal);
  };
  const auto pharmacist_req = as(*pharmacist);
  auto active = prescribe(patients[1], {draft_item(a, "Panadol 500 mg", 2), draft_item(a, "Brufen 400 mg", 1)});
  auto partial = prescribe(patients[2], {draft_item(a, "Glucophage 500 mg", 1, 2)});
  auto done = prescribe(patients[0], {draft_item(a, "Panadol 500 mg", 1)});
  auto cancelled = prescribe(patients[1], {draft_item(a, "Concor 5 mg", 1)});
  for (auto* r : {&active, &partial, &done, &cancelled}) {
    if (!*r) return fail(r->error());
  }
  // As at the counter: the pharmacy verifies the code before it dispenses.
  for (auto* r : {&partial, &done}) (void)service::verify_prescription(a, pharmacist_req, "", (*r)->prescription.code);
  (void)service::dispense(a, pharmacist_req, partial->prescription.id,
                          {{partial->prescription.items[0].id, 1, {}, "LOT-2411"}}, false);
  (void)service::dispense(a, pharmacist_req, done->prescription.id, {{done->prescription.items[0].id, 1, {}, {}}},
                          false);
  (void)service::cancel_prescription(a, doctor_req, cancelled->prescription.id, "Dose changed after review");

  std::cout << "\nHealthFlow demo data is ready. Demo log-ins (shown once; password for all: " << password << "):\n"
            << "  admin       admin      -> /admin/\n"
            << "  doctor      dr.ahmed   -> /doctor/\n"
            << "  pharmacist  ph.mona    -> /pharmacy/\n"
            << "  regulator   eda.samir  -> /regulator/\n";
  for (const auto& l : logins)
    std::cout << "  patient     " << l << std::string(11 - l.size(), ' ') << "-> /patient/\n";
  std::cout << "Prescription codes: " << active->prescription.code << " (active), " << partial->prescription.code
            << " (partly dispensed), " << done->prescription.code << " (dispensed), " << cancelled->prescription.code
            << " (cancelled)\n\n";
  return 0;
}

}  // namespace hf::cli
