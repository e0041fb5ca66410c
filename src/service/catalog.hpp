#pragma once
// The drug catalogue as the server holds it (DOMAIN.md "Drug catalogue"): an in-memory search
// index built from the drugs table at start-up (so regulator edits are visible after reload()),
// and the clinical knowledge base loaded from data/. Searches never touch the database.
//
// The index is immutable; reload() builds a new one and swaps the pointer, so a search in flight
// keeps the snapshot it started with.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/catalog/search_index.hpp"
#include "domain/cds/knowledge_base.hpp"
#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::service {

// Reads data/ingredients.csv, interactions.csv and allergy_classes.csv from `dir`.
Result<domain::KnowledgeBase> load_knowledge_base(const std::string& dir);

// Validates a drugs.csv text against the knowledge base's ingredients; errors by line.
Result<std::vector<domain::Drug>> parse_drug_file(const std::string& csv_text, const domain::KnowledgeBase& kb);

struct CatalogImport {
  int64_t rows = 0;
  int64_t inserted = 0;
  int64_t updated = 0;
};

// All or nothing in one transaction: upserts every product by registration number.
Result<CatalogImport> import_drugs(store::Database& db, const std::vector<domain::Drug>& drugs, int64_t now_ms);

// Rendered search answers by query, so that a prefix many people type (DOMAIN.md: search "must feel
// instant") is answered without searching or serialising again. Bounded: when full it starts over.
// Entries belong to one index generation; a reload empties it and refuses late inserts from
// searches that ran on the old index.
class SearchAnswerCache {
 public:
  explicit SearchAnswerCache(std::size_t capacity) : capacity_(capacity) {}
  std::shared_ptr<const std::string> find(const std::string& key) const;
  void insert(uint64_t generation, const std::string& key, std::shared_ptr<const std::string> answer);
  void reset(uint64_t generation);
  std::size_t size() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mu_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> answers_;
};

class Catalog {
 public:
  // Loads the knowledge base from `reference_dir`; when the drugs table is empty, imports
  // `reference_dir`/drugs.csv first; then builds the index from the table.
  static Result<std::unique_ptr<Catalog>> open(store::Database& db, const std::string& reference_dir, int64_t now_ms);

  // Rebuilds the index from the drugs table (after an import or a regulator's edit).
  Status reload(store::Database& db);

  std::shared_ptr<const domain::SearchIndex> index() const {
    std::lock_guard lock(mu_);
    return index_;
  }
  // The index and its generation (bumped by every reload), for the answer cache.
  std::pair<std::shared_ptr<const domain::SearchIndex>, uint64_t> snapshot() const {
    std::lock_guard lock(mu_);
    return {index_, generation_};
  }
  SearchAnswerCache& answers() const { return answers_; }
  const domain::KnowledgeBase& knowledge() const { return kb_; }
  // Estimated bytes of the current index (its copy of the products included).
  std::size_t index_bytes() const { return index()->approx_bytes(); }
  // Products imported from drugs.csv at open() (0 when the table already had products).
  int64_t seeded() const { return seeded_; }

 private:
  explicit Catalog(domain::KnowledgeBase kb) : kb_(std::move(kb)) {}

  domain::KnowledgeBase kb_;
  mutable std::mutex mu_;
  std::shared_ptr<const domain::SearchIndex> index_;
  uint64_t generation_ = 0;
  mutable SearchAnswerCache answers_{4096};
  int64_t seeded_ = 0;
};

}  // namespace hf::service
