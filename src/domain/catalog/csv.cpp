#include "domain/catalog/csv.hpp"

#include <string>

namespace hf::domain {
namespace {

std::string line_label(std::size_t line) {
  return "line " + std::to_string(line);
}

bool is_blank(const CsvRow& row) {
  return row.fields.size() == 1 && row.fields[0].empty();
}

}  // namespace

Result<std::vector<CsvRow>> parse_csv(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());

  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  std::size_t line = 1;
  row.line = 1;
  bool in_quotes = false;
  bool field_was_quoted = false;
  std::size_t quote_start_line = 0;

  auto end_field = [&] {
    row.fields.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    if (!is_blank(row)) rows.push_back(std::move(row));
    row = CsvRow{};
    row.line = line;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"':
        // A quote may only open a field; `ab"c` or `"a"b` is malformed rather than guessed at.
        if (!field.empty() || field_was_quoted) {
          return Error::invalid("CSV: misplaced quote", {{line_label(line), "misplaced quote character"}});
        }
        in_quotes = true;
        field_was_quoted = true;
        quote_start_line = line;
        break;
      case ',':
        end_field();
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: the LF ends the record
        [[fallthrough]];
      case '\n':
        ++line;
        end_record();
        break;
      default:
        if (field_was_quoted) {
          return Error::invalid("CSV: text after a closing quote",
                                {{line_label(line), "unexpected text after closing quote"}});
        }
        field.push_back(c);
    }
  }
  if (in_quotes) {
    return Error::invalid("CSV: unterminated quoted field",
                          {{line_label(quote_start_line), "quoted field is never closed"}});
  }
  end_record();
  return rows;
}

Result<CsvTable> parse_csv_table(std::string_view text, const std::vector<std::string_view>& expected_header,
                                 std::string_view file) {
  auto parsed = parse_csv(text);
  if (!parsed) {
    Error e = parsed.error();
    e.message = std::string(file) + ": " + e.message;
    return e;
  }
  std::vector<CsvRow>& rows = parsed.value();
  std::string expected;
  for (std::size_t i = 0; i < expected_header.size(); ++i) {
    if (i) expected += ',';
    expected += expected_header[i];
  }
  if (rows.empty()) {
    return Error::invalid(std::string(file) + ": empty file", {{"line 1", "header expected: " + expected}});
  }
  const CsvRow& head = rows.front();
  bool same = head.fields.size() == expected_header.size();
  for (std::size_t i = 0; same && i < head.fields.size(); ++i) same = head.fields[i] == expected_header[i];
  if (!same) {
    return Error::invalid(std::string(file) + ": unexpected header",
                          {{line_label(head.line), "header must be exactly: " + expected}});
  }
  CsvTable table;
  table.header = head.fields;
  table.rows.assign(std::make_move_iterator(rows.begin() + 1), std::make_move_iterator(rows.end()));
  return table;
}

}  // namespace hf::domain
