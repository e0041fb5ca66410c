#include "domain/catalog/search_index.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "domain/catalog/arabic.hpp"

namespace hf::domain {
namespace {

// Word separators inside a name ("co-amoxiclav", "sodium (as salt)"). ASCII only, so never inside
// an Arabic code point's bytes.
bool is_separator(char c) {
  return c == ' ' || c == '-' || c == '/' || c == '(' || c == ')' || c == '+' || c == ',' || c == '.' || c == '&';
}

// Strength in a comparable form: masses in mg, everything else as written.
std::string canonical_strength(const DrugIngredient& ing) {
  double value = ing.strength;
  std::string unit = ing.unit;
  if (unit == "g") {
    value *= 1000;
    unit = "mg";
  } else if (unit == "mcg") {
    value /= 1000;
    unit = "mg";
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", value);
  return std::string(buf) + unit;
}

std::string signature(const Drug& d) {
  std::vector<std::string> parts;
  parts.reserve(d.ingredients.size());
  for (const DrugIngredient& ing : d.ingredients) parts.push_back(ing.name + ":" + canonical_strength(ing));
  std::sort(parts.begin(), parts.end());
  std::string sig = d.form;
  for (const std::string& p : parts) sig += "|" + p;
  return sig;
}

template <typename T>
std::size_t vector_bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

std::size_t string_bytes(const std::string& s) {
  // Short strings live inside the object; only longer ones own a heap block.
  return s.capacity() > 15 ? s.capacity() + 1 : 0;
}

}  // namespace

SearchIndex SearchIndex::build(std::vector<Drug> drugs, const std::vector<IngredientInfo>& ingredients) {
  SearchIndex index;
  index.drugs_ = std::move(drugs);

  std::unordered_map<std::string_view, std::string_view> arabic_of;
  for (const IngredientInfo& info : ingredients) arabic_of.emplace(info.name, info.name_ar);

  auto add_name = [&](std::uint32_t drug, std::string_view raw, std::unordered_set<std::string>& seen) {
    std::string norm = normalize_for_search(raw);
    // '\n' separates names in names_; the normaliser already turned it into a space.
    if (norm.empty() || !seen.insert(norm).second) return;
    const auto offset = static_cast<std::uint32_t>(index.names_.size());
    index.names_ += norm;
    index.names_ += '\n';
    index.names_list_.push_back({offset, static_cast<std::uint32_t>(norm.size()), drug});
  };

  for (std::uint32_t i = 0; i < index.drugs_.size(); ++i) {
    const Drug& d = index.drugs_[i];
    std::unordered_set<std::string> seen;  // one drug's repeated names add nothing
    add_name(i, d.trade_name, seen);
    add_name(i, d.trade_name_ar, seen);
    for (const DrugIngredient& ing : d.ingredients) {
      add_name(i, ing.name, seen);
      if (auto it = arabic_of.find(ing.name); it != arabic_of.end()) add_name(i, it->second, seen);
    }
    index.by_signature_[signature(d)].push_back(i);
    index.by_id_.emplace(d.id, i);
  }

  for (std::uint32_t n = 0; n < index.names_list_.size(); ++n) {
    const Name& name = index.names_list_[n];
    for (std::uint32_t p = 0; p < name.length; ++p) {
      const char c = index.names_[name.offset + p];
      const bool word_start = !is_separator(c) && (p == 0 || is_separator(index.names_[name.offset + p - 1]));
      if (word_start) index.keys_.push_back({name.offset + p, n});
    }
  }
  std::sort(index.keys_.begin(), index.keys_.end(),
            [&index](const Key& a, const Key& b) { return index.key_text(a) < index.key_text(b); });
  index.names_.shrink_to_fit();
  index.names_list_.shrink_to_fit();
  index.keys_.shrink_to_fit();
  return index;
}

std::string_view SearchIndex::key_text(const Key& k) const {
  const Name& name = names_list_[k.name];
  return std::string_view(names_).substr(k.offset, name.offset + name.length - k.offset);
}

std::vector<SearchHit> SearchIndex::search(std::string_view query, std::size_t limit) const {
  return search(query, limit, nullptr);
}

std::vector<SearchHit> SearchIndex::search(std::string_view query, std::size_t limit,
                                           const std::function<bool(const Drug&)>& keep) const {
  const std::string q = normalize_for_search(query);
  if (q.empty() || limit == 0) return {};

  constexpr auto kNone = static_cast<std::uint8_t>(0xFF);
  constexpr auto kRejected = static_cast<std::uint8_t>(0xFE);  // asked `keep` once: no
  std::vector<std::uint8_t> tier(drugs_.size(), kNone);
  std::vector<std::uint32_t> found;
  auto note = [&](std::uint32_t drug, MatchKind kind) {
    if (keep && tier[drug] == kNone && !keep(drugs_[drug])) {
      tier[drug] = kRejected;
      return;
    }
    if (tier[drug] == kRejected) return;
    const auto t = static_cast<std::uint8_t>(kind);
    if (tier[drug] == kNone) found.push_back(drug);
    tier[drug] = std::min(tier[drug], t);
  };

  // Exact and prefix: all keys that start with q are one contiguous run of the sorted keys.
  auto it = std::lower_bound(keys_.begin(), keys_.end(), q,
                             [this](const Key& k, const std::string& value) { return key_text(k) < value; });
  for (; it != keys_.end(); ++it) {
    const std::string_view text = key_text(*it);
    if (text.substr(0, q.size()) != q) break;
    const Name& name = names_list_[it->name];
    const bool whole_name = it->offset == name.offset && text.size() == q.size();
    note(name.drug, whole_name ? MatchKind::exact : MatchKind::prefix);
  }

  // Fragments rank after every prefix match, so they are only needed to fill the page.
  if (found.size() < limit) {
    const std::string_view all(names_);
    std::size_t pos = all.find(q);
    while (pos != std::string_view::npos) {
      auto name = std::upper_bound(names_list_.begin(), names_list_.end(), pos,
                                   [](std::size_t p, const Name& n) { return p < n.offset; });
      --name;  // the name whose text contains pos
      if (pos + q.size() <= name->offset + name->length) note(name->drug, MatchKind::fragment);
      // Continue after this name: one hit per name is enough.
      pos = all.find(q, name->offset + name->length + 1);
    }
  }

  auto better = [&](std::uint32_t a, std::uint32_t b) {
    const Drug& da = drugs_[a];
    const Drug& db = drugs_[b];
    if (tier[a] != tier[b]) return tier[a] < tier[b];
    if (da.popularity != db.popularity) return da.popularity > db.popularity;
    if (da.trade_name != db.trade_name) return da.trade_name < db.trade_name;
    return a < b;
  };
  const std::size_t n = std::min(limit, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n), found.end(), better);

  std::vector<SearchHit> hits;
  hits.reserve(n);
  for (std::size_t i = 0; i < n; ++i) hits.push_back({&drugs_[found[i]], static_cast<MatchKind>(tier[found[i]])});
  return hits;
}

std::vector<const Drug*> SearchIndex::equivalents(const Drug& drug) const {
  std::vector<const Drug*> out;
  auto it = by_signature_.find(signature(drug));
  if (it == by_signature_.end()) return out;
  for (std::uint32_t i : it->second) {
    const Drug& other = drugs_[i];
    if (other.id == drug.id && other.registration_no == drug.registration_no) continue;
    out.push_back(&other);
  }
  std::sort(out.begin(), out.end(), [](const Drug* a, const Drug* b) {
    if (a->popularity != b->popularity) return a->popularity > b->popularity;
    if (a->price_piastres != b->price_piastres) return a->price_piastres < b->price_piastres;
    return a->trade_name < b->trade_name;
  });
  return out;
}

const Drug* SearchIndex::find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &drugs_[it->second];
}

std::size_t SearchIndex::approx_bytes() const {
  std::size_t bytes = sizeof(*this) + string_bytes(names_) + vector_bytes(names_list_) + vector_bytes(keys_);
  bytes += vector_bytes(drugs_);
  for (const Drug& d : drugs_) {
    for (const std::string* s :
         {&d.id, &d.registration_no, &d.trade_name, &d.trade_name_ar, &d.form, &d.route, &d.pack_unit, &d.atc_code}) {
      bytes += string_bytes(*s);
    }
    bytes += vector_bytes(d.ingredients);
    for (const DrugIngredient& ing : d.ingredients) bytes += string_bytes(ing.name) + string_bytes(ing.unit);
  }
  // Hash tables: bucket array plus one node (next pointer, cached hash, value) per element.
  constexpr std::size_t kNodeOverhead = 2 * sizeof(void*);
  bytes += by_id_.bucket_count() * sizeof(void*) +
           by_id_.size() * (kNodeOverhead + sizeof(std::pair<std::string_view, std::uint32_t>));
  bytes += by_signature_.bucket_count() * sizeof(void*);
  for (const auto& [sig, ids] : by_signature_) {
    bytes += kNodeOverhead + sizeof(std::pair<const std::string, std::vector<std::uint32_t>>) + string_bytes(sig) +
             vector_bytes(ids);
  }
  return bytes;
}

}  // namespace hf::domain
