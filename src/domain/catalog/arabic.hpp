#pragma once
// Search normalisation for English and Arabic names (DOMAIN.md "Drug catalogue": search is
// diacritic- and case-insensitive in either language). Both the index keys and the typed query go
// through the same function, so "أوجمنتين", "اوجمنتين" and "أُوجْمَنْتِين" all meet.

#include <string>
#include <string_view>

namespace hf::domain {

// Lowercases ASCII and Latin letters; drops Arabic tashkeel (U+064B–U+0652, U+0670), tatweel
// (U+0640) and zero-width marks; folds أ إ آ ٱ → ا, ة → ه, ى → ي, ؤ → و, ئ → ي; maps Arabic-Indic and
// Persian digits to ASCII; collapses every run of whitespace to one space and trims the ends.
// Invalid UTF-8 bytes are dropped (never a crash, never a half code point in the output).
std::string normalize_for_search(std::string_view text);

}  // namespace hf::domain
