// The body of POST /prescriptions/check and POST /prescriptions (api/prescription_body.hpp): type
// errors are 400 and rule breaks 422, every one named by its path ("items[0].quantity").
#include "api/prescription_body.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "service/catalog.hpp"

namespace hf::api {
namespace {

namespace json = boost::json;

const domain::SearchIndex& catalogue() {
  static const domain::SearchIndex index = [] {
    domain::Drug a;
    a.id = "drug-a";
    a.registration_no = "EG-1";
    a.trade_name = "Panadol 500 mg";
    a.trade_name_ar = "بانادول";
    a.ingredients = {{"paracetamol", 500, "mg"}};
    a.form = "tablet";
    a.route = "oral";
    domain::Drug b = a;
    b.id = "drug-b";
    b.registration_no = "EG-2";
    b.status = domain::DrugStatus::permanently_disabled;
    return domain::SearchIndex::build({a, b});
  }();
  return index;
}

json::object item(json::object extra = {}) {
  json::object o{{"drug_id", "drug-a"}, {"dose_amount", 1},   {"dose_unit", "tablet"},
                 {"times_per_day", 3},  {"duration_days", 5}, {"quantity", 1}};
  for (auto& [k, v] : extra) o[k] = v;
  return o;
}

json::object body(json::array items) {
  return json::object{{"patient_id", "p1"},
                      {"facility_id", "f1"},
                      {"diagnosis_codes", json::array{"j06.9"}},
                      {"items", std::move(items)}};
}

std::vector<std::string> fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(PrescriptionBody, AValidBodyBecomesADraftWithSigTexts) {
  auto d = parse_prescription_body(body({item({{"instructions", "after meals"},
                                               {"repeats", 2},
                                               {"repeat_interval_days", 28},
                                               {"substitution_allowed", false}})}),
                                   catalogue());
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->patient_id, "p1");
  EXPECT_EQ(d->diagnosis_codes, std::vector<std::string>{"J06.9"});
  ASSERT_EQ(d->items.size(), 1u);
  const auto& it = d->items[0];
  EXPECT_EQ(it.drug_id, "drug-a");
  EXPECT_EQ(it.quantity, 1);
  EXPECT_EQ(it.repeats, 2);
  EXPECT_EQ(it.repeat_interval_days, 28);
  EXPECT_FALSE(it.substitution_allowed);
  EXPECT_NE(it.sig_text.en.find("3 times a day"), std::string::npos) << it.sig_text.en;
  EXPECT_FALSE(it.sig_text.ar.empty());
  EXPECT_TRUE(d->overrides.empty());
}

TEST(PrescriptionBody, WrongTypesAre400WithItemPaths) {
  auto d = parse_prescription_body(
      body({item(), item({{"quantity", "two"}, {"dose_amount", nullptr}}), json::value("x")}), catalogue());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().kind, ErrorKind::invalid);
  EXPECT_EQ(fields(d.error()), (std::vector<std::string>{"items[1].dose_amount", "items[1].quantity", "items[2]"}));
}

TEST(PrescriptionBody, RuleBreaksAre422WithItemPaths) {
  auto d = parse_prescription_body(
      body({item({{"quantity", 0}}), item({{"drug_id", "nope"}}), item({{"drug_id", "drug-b"}}),
            item({{"dose_unit", "cc"}}), item({{"repeats", 1}}), item({{"repeats", 6}, {"repeat_interval_days", 7}})}),
      catalogue());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().kind, ErrorKind::rule_broken);
  EXPECT_EQ(fields(d.error()),
            (std::vector<std::string>{"items[0].quantity", "items[1].drug_id", "items[2].drug_id", "items[3].dose_unit",
                                      "items[4].repeat_interval_days", "items[5].repeats"}));
}

TEST(PrescriptionBody, OneToTenItems) {
  EXPECT_EQ(fields(parse_prescription_body(body({}), catalogue()).error()), std::vector<std::string>{"items"});
  json::array eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back(item());
  EXPECT_EQ(fields(parse_prescription_body(body(eleven), catalogue()).error()), std::vector<std::string>{"items"});
  json::array ten;
  for (int i = 0; i < 10; ++i) ten.push_back(item());
  EXPECT_TRUE(parse_prescription_body(body(ten), catalogue()).ok());
}

TEST(PrescriptionBody, DiagnosisCodesMustBeIcd10) {
  auto b = body({item()});
  b["diagnosis_codes"] = json::array{"I10", "flu"};
  auto d = parse_prescription_body(b, catalogue());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(fields(d.error()), std::vector<std::string>{"diagnosis_codes[1]"});
}

TEST(PrescriptionBody, OverridesAreReadOnlyWhenAllowed) {
  auto b = body({item()});
  b["overrides"] = json::array{json::object{{"alert_kind", "interaction"}, {"reason", "INR monitored weekly"}}};
  // The check takes no overrides: sending them is an error, not a no-op.
  auto check = parse_prescription_body(b, catalogue());
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().kind, ErrorKind::invalid);
  EXPECT_EQ(fields(check.error()), std::vector<std::string>{"overrides"});
  auto create = parse_prescription_body(b, catalogue(), PrescriptionBodyOptions{true});
  ASSERT_TRUE(create.ok());
  ASSERT_EQ(create->overrides.size(), 1u);
  EXPECT_EQ(create->overrides[0].alert_kind, "interaction");
  b["overrides"] = json::array{json::object{{"alert_kind", "mood"}, {"reason", "x"}}};
  auto bad = parse_prescription_body(b, catalogue(), PrescriptionBodyOptions{true});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(fields(bad.error()), std::vector<std::string>{"overrides[0].alert_kind"});
}

TEST(SearchAnswerCache, ALateInsertFromAReplacedIndexIsDropped) {
  service::SearchAnswerCache cache(2);
  cache.insert(0, "k", std::make_shared<const std::string>("old"));
  ASSERT_TRUE(cache.find("k"));
  cache.reset(1);
  EXPECT_FALSE(cache.find("k"));
  cache.insert(0, "k", std::make_shared<const std::string>("stale"));  // computed before the reload
  EXPECT_FALSE(cache.find("k"));
  cache.insert(1, "a", std::make_shared<const std::string>("1"));
  cache.insert(1, "b", std::make_shared<const std::string>("2"));
  cache.insert(1, "c", std::make_shared<const std::string>("3"));  // full: starts over
  EXPECT_LE(cache.size(), 2u);
  EXPECT_EQ(*cache.find("c"), "3");
}

}  // namespace
}  // namespace hf::api
