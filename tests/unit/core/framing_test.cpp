// Request framing rules of RFC 9112 the server applies on top of Beast (http/framing.hpp).
#include "http/framing.hpp"

#include <gtest/gtest.h>

namespace hf::http {
namespace {

int status_of(std::vector<std::string_view> te, bool content_length = false, bool http11 = true) {
  auto r = check_transfer_coding(te, content_length, http11);
  return r ? r->status : 0;
}

TEST(Framing, OnlyChunkedLastIsAccepted) {
  EXPECT_EQ(status_of({}), 0);
  EXPECT_EQ(status_of({"chunked"}), 0);
  EXPECT_EQ(status_of({"CHUNKED"}), 0);
  EXPECT_EQ(status_of({" , chunked ,"}), 0);  // empty list elements are ignored
}

TEST(Framing, UnknownCodingsAre501) {
  EXPECT_EQ(status_of({"gzip"}), 501);
  EXPECT_EQ(status_of({"xchunked"}), 501);
  EXPECT_EQ(status_of({"identity"}), 501);
  EXPECT_EQ(status_of({"gzip, chunked"}), 501);
  EXPECT_EQ(status_of({"gzip", "chunked"}), 501);  // two field lines are one list
  EXPECT_EQ(status_of({"chunked;q=1"}), 501);
}

TEST(Framing, ChunkedNotLastOrRepeatedIs400) {
  EXPECT_EQ(status_of({"chunked, identity"}), 400);
  EXPECT_EQ(status_of({"chunked", "gzip"}), 400);
  EXPECT_EQ(status_of({"chunked, chunked"}), 400);
  EXPECT_EQ(status_of({","}), 400);
  EXPECT_EQ(status_of({""}), 400);
}

TEST(Framing, ContentLengthOrHttp10WithTransferEncodingIs400) {
  EXPECT_EQ(status_of({"chunked"}, true), 400);
  EXPECT_EQ(status_of({"gzip"}, true), 400);
  EXPECT_EQ(status_of({"chunked"}, false, false), 400);
  EXPECT_EQ(status_of({}, true, false), 0);
}

TEST(Framing, ObsoleteLineFolding) {
  EXPECT_FALSE(has_obs_fold("GET / HTTP/1.1\r\nHost: x\r\nA: b c\r\n\r\n"));
  EXPECT_TRUE(has_obs_fold("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n"));
  EXPECT_TRUE(has_obs_fold("A: b\r\n\tc\r\n"));
  EXPECT_FALSE(has_obs_fold("A: b\r\n"));
}

}  // namespace
}  // namespace hf::http
