#pragma once
// A batch (lot) number in the one spelling recalls and dispensings store and compare, so a recalled
// batch cannot be dispensed under another spelling of it (full-width letters, a Unicode hyphen, a
// trailing NUL). Pure; nothing here does I/O.
//
// The rules, in order:
//  1. the text must be well-formed UTF-8;
//  2. the compatibility forms that NFKC folds to ASCII are folded: full-width ASCII U+FF01-FF5E to
//     U+0021-007E, the ideographic space U+3000 and the no-break space U+00A0 to a space; and every
//     dash a label or keyboard produces (U+2010-2015, U+2212, U+FE58, U+FE63, U+FF0D) to '-'
//     (beyond NFKC: these look the same on a pack);
//  3. spaces, tabs, CR and LF at either end are trimmed (barcode scanners add a suffix);
//  4. ASCII letters are upper-cased;
//  5. what remains must be at most kMaxBatchNumberLength characters of the documented set
//     [A-Z0-9-./] (GS1 AI (10) is 20 alphanumerics). Anything else, control characters and inner
//     spaces included, is refused rather than guessed at: a character that is refused is never
//     stored, so no other spelling of a stored batch can reach the comparison.

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace hf::domain {

inline constexpr std::size_t kMaxBatchNumberLength = 40;

// The normalised batch number; "" when the text is empty or only spaces (the caller decides
// whether a batch is required). ErrorKind::rule_broken with a message naming the problem
// otherwise; the caller adds the field path.
Result<std::string> normalise_batch_number(std::string_view text);

}  // namespace hf::domain
