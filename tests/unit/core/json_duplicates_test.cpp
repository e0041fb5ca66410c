// Duplicate keys in JSON bodies (api/json_duplicates.hpp) and unknown keys (api/json_io.hpp Fields).
#include "api/json_duplicates.hpp"

#include <gtest/gtest.h>

#include "api/json_io.hpp"

namespace hf::api {
namespace {

TEST(JsonDuplicates, NamesThePathOfTheFirstRepeatedKey) {
  EXPECT_EQ(first_duplicate_key(R"({"a":1,"b":2})"), std::nullopt);
  EXPECT_EQ(first_duplicate_key(R"({"a":1,"a":2})"), "a");
  EXPECT_EQ(first_duplicate_key(R"({"a":{"x":1},"b":{"x":1}})"), std::nullopt);  // other objects
  EXPECT_EQ(first_duplicate_key(R"({"items":[{"q":1},{"q":1,"q":2}]})"), "items[1].q");
  EXPECT_EQ(first_duplicate_key(R"({"a":[1,[2,{"b":{"c":0,"c":1}}]]})"), "a[1][1].b.c");
  EXPECT_EQ(first_duplicate_key(R"({"k\u0065y":1,"key":2})"), "key");  // escapes decoded
  EXPECT_EQ(first_duplicate_key(R"([{"a":1},{"a":1}])"), std::nullopt);
}

TEST(Fields, KeysNoReaderAskedForAreErrors) {
  boost::json::object o{{"name", "x"}, {"status", "active"}, {"signed", true}};
  Fields f(o);
  EXPECT_TRUE(f.text("name", true).has_value());
  EXPECT_FALSE(f.ok());
  ASSERT_EQ(f.errors().size(), 2u);  // reported once, however often asked
  EXPECT_EQ(f.errors()[0].field, "status");
  EXPECT_EQ(f.errors()[1].field, "signed");
  EXPECT_NE(f.error().message.find("status, signed"), std::string::npos);
}

TEST(Fields, NestedPrefixAndKeysAlreadyRefused) {
  boost::json::object o{{"qty", 1}, {"price", 2}, {"role", "x"}};
  Fields f(o);
  f.set_prefix("items[0].");
  f.integer("qty", true, 0, 10);
  f.fail("items[0].role", "cannot be changed here");  // refused with its own message: not twice
  const auto& errors = f.errors();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "items[0].role");
  EXPECT_EQ(errors[1].field, "items[0].price");
  boost::json::object all_read{{"a", 1}};
  Fields g(all_read);
  g.raw("a");
  EXPECT_TRUE(g.ok());
}

}  // namespace
}  // namespace hf::api
