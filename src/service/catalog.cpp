#include "service/catalog.hpp"

#include <fstream>
#include <sstream>

#include "domain/catalog/catalog_loader.hpp"
#include "store/drug_repository.hpp"

namespace hf::service {
namespace {

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::unavailable("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<domain::KnowledgeBase> load_knowledge_base(const std::string& dir) {
  auto ingredients = read_text(dir + "/ingredients.csv");
  if (!ingredients) return ingredients.error();
  auto interactions = read_text(dir + "/interactions.csv");
  if (!interactions) return interactions.error();
  auto classes = read_text(dir + "/allergy_classes.csv");
  if (!classes) return classes.error();
  return domain::KnowledgeBase::load(*ingredients, *interactions, *classes);
}

Result<std::vector<domain::Drug>> parse_drug_file(const std::string& csv_text, const domain::KnowledgeBase& kb) {
  return domain::load_drugs(csv_text, kb.ingredients());
}

Result<CatalogImport> import_drugs(store::Database& db, const std::vector<domain::Drug>& drugs, int64_t now_ms) {
  auto lease = db.acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  auto counts = store::upsert_drugs(**lease, drugs, now_ms);
  if (!counts) return counts.error();
  if (auto c = tx->commit(); !c) return c.error();
  return CatalogImport{static_cast<int64_t>(drugs.size()), counts->inserted, counts->updated};
}

Result<std::unique_ptr<Catalog>> Catalog::open(store::Database& db, const std::string& reference_dir, int64_t now_ms) {
  auto kb = load_knowledge_base(reference_dir);
  if (!kb) return kb.error();
  std::unique_ptr<Catalog> catalog(new Catalog(std::move(kb).value()));
  int64_t count = 0;
  {
    auto lease = db.acquire();
    if (!lease) return lease.error();
    auto n = store::count_drugs(**lease);
    if (!n) return n.error();
    count = *n;
  }
  if (count == 0) {
    auto text = read_text(reference_dir + "/drugs.csv");
    if (!text) return text.error();
    auto drugs = parse_drug_file(*text, catalog->kb_);
    if (!drugs) return drugs.error();
    auto imported = import_drugs(db, *drugs, now_ms);
    if (!imported) return imported.error();
    catalog->seeded_ = imported->inserted;
  }
  if (auto s = catalog->reload(db); !s) return s.error();
  return catalog;
}

Status Catalog::reload(store::Database& db) {
  auto lease = db.acquire();
  if (!lease) return lease.error();
  auto drugs = store::load_all_drugs(**lease);
  if (!drugs) return drugs.error();
  auto built = std::make_shared<const domain::SearchIndex>(
      domain::SearchIndex::build(std::move(drugs).value(), kb_.ingredients()));
  {
    std::lock_guard lock(mu_);
    index_ = std::move(built);
    ++generation_;
    answers_.reset(generation_);
  }
  return ok_status();
}

std::shared_ptr<const std::string> SearchAnswerCache::find(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = answers_.find(key);
  return it == answers_.end() ? nullptr : it->second;
}

void SearchAnswerCache::insert(uint64_t generation, const std::string& key, std::shared_ptr<const std::string> answer) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;  // computed on an index that has since been replaced
  if (answers_.size() >= capacity_) answers_.clear();
  answers_.insert_or_assign(key, std::move(answer));
}

void SearchAnswerCache::reset(uint64_t generation) {
  std::lock_guard lock(mu_);
  generation_ = generation;
  answers_.clear();
}

std::size_t SearchAnswerCache::size() const {
  std::lock_guard lock(mu_);
  return answers_.size();
}

}  // namespace hf::service
