#pragma once
// In-memory drug search (DOMAIN.md "Drug catalogue": prefix or fragment of trade or generic name in
// either language, diacritic- and case-insensitive, "must feel instant"). Built once from the
// loaded catalogue; immutable afterwards, so concurrent searches need no lock.
//
// Layout: every indexed name, normalised, lives in one '\n'-separated string. Prefix lookups binary
// search a sorted array of (offset, length) keys that point at each word start inside that string,
// so "clav" finds "amoxicillin clavulanic acid" without a scan; fragments fall back to one linear
// scan of the compact string, which is a few tens of kilobytes for the whole catalogue.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/catalog/drug.hpp"

namespace hf::domain {

// Ranking tiers, best first.
enum class MatchKind : std::uint8_t { exact, prefix, fragment };

struct SearchHit {
  const Drug* drug = nullptr;  // points into the index; valid while the index lives
  MatchKind match = MatchKind::fragment;
};

class SearchIndex {
 public:
  // Indexes each drug's trade names (en, ar) and its ingredients' names: the English INN always,
  // and the Arabic name when `ingredients` has a row for it.
  static SearchIndex build(std::vector<Drug> drugs, const std::vector<IngredientInfo>& ingredients = {});

  SearchIndex(SearchIndex&&) noexcept = default;
  SearchIndex& operator=(SearchIndex&&) noexcept = default;
  SearchIndex(const SearchIndex&) = delete;  // hits point into this object's drugs
  SearchIndex& operator=(const SearchIndex&) = delete;

  // At most `limit` products, one hit per product, ranked: exact name, then prefix of a name or of
  // any word in it, then fragment; ties by popularity (higher first), then trade name. An empty
  // (after normalisation) query answers nothing. Status is not filtered: callers decide.
  std::vector<SearchHit> search(std::string_view query, std::size_t limit) const;
  // Same, counting only products `keep` accepts (e.g. prescribable ones: DOMAIN.md "Medicine
  // directory" statuses), so filtered-out products never take a place within the limit.
  std::vector<SearchHit> search(std::string_view query, std::size_t limit,
                                const std::function<bool(const Drug&)>& keep) const;

  // Other products with the same set of (ingredient, strength, unit) and the same dosage form
  // (DOMAIN.md "Dispensing": substitution). g/mcg strengths compare as mg. Most popular first,
  // then cheaper. `drug` need not belong to the index.
  std::vector<const Drug*> equivalents(const Drug& drug) const;

  const Drug* find(std::string_view id) const;
  const std::vector<Drug>& drugs() const { return drugs_; }

  // Heap and object bytes held by the index including its copy of the drugs (an estimate: hash
  // node overheads are approximated).
  std::size_t approx_bytes() const;

 private:
  SearchIndex() = default;

  struct Name {
    std::uint32_t offset;  // into names_
    std::uint32_t length;
    std::uint32_t drug;  // index into drugs_
  };
  struct Key {
    std::uint32_t offset;  // a word start inside a name
    std::uint32_t name;    // index into names_list_
  };

  std::string_view key_text(const Key& k) const;

  std::vector<Drug> drugs_;
  std::string names_;             // all normalised names, '\n'-separated
  std::vector<Name> names_list_;  // in offset order
  std::vector<Key> keys_;         // sorted by key_text
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_signature_;
  std::unordered_map<std::string_view, std::uint32_t> by_id_;  // views into drugs_[i].id
};

}  // namespace hf::domain
