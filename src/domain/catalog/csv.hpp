#pragma once
// RFC 4180 CSV for the curated data files (CONVENTIONS.md "Data files"). Pure: the caller reads the
// file and hands us its text, so the domain stays free of I/O.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace hf::domain {

// One record. `line` is the 1-based physical line on which the record starts, so an error message
// can point an editor at it even when a quoted field spans several lines.
struct CsvRow {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

// Parses the whole text: quoted fields, "" inside quotes, LF or CRLF line ends, an optional UTF-8
// BOM, and a missing final line end. Blank lines are skipped. A malformed quote is an
// Error::invalid whose field names the line ("line 7").
Result<std::vector<CsvRow>> parse_csv(std::string_view text);

// A parsed file whose first record is an exact, expected header.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;  // records after the header
};

// parse_csv plus the header check. `file` only labels messages ("drugs.csv: header ...").
Result<CsvTable> parse_csv_table(std::string_view text, const std::vector<std::string_view>& expected_header,
                                 std::string_view file);

}  // namespace hf::domain
