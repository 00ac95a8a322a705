// The C API: reading the active catalog's topics and items (onboarding screens, hosts that show items by id).
#include <memory>
#include <vector>

#include "api/boundary.h"
#include "api/handle.h"

using tacit::Guard;
using tacit::Status;

// Snapshots hold the catalog they point into, so they outlive a newer catalog being loaded.
struct tacit_topic_list {
  std::shared_ptr<const tacit::Catalog> catalog;
  std::vector<tacit_topic_t> views;
};

struct tacit_catalog_item_list {
  std::shared_ptr<const tacit::Catalog> catalog;
  std::vector<std::vector<const char*>> topic_ids;
  std::vector<std::vector<double>> topic_weights;
  std::vector<tacit_catalog_item_t> views;
};

namespace {

const char kEmpty[] = "";

Status ActiveCatalog(tacit_t* h, std::shared_ptr<const tacit::Catalog>* out) {
  return tacit::WithSession(h, [&](tacit::Session& s) {
    TACIT_ASSIGN_OR_RETURN(*out, s.ActiveCatalog());
    return Status::OK();
  });
}

}  // namespace

extern "C" {

tacit_status tacit_catalog_topics(tacit_t* h, tacit_topic_list_t** out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    std::unique_ptr<tacit_topic_list> list(new tacit_topic_list());
    TACIT_RETURN_IF_ERROR(ActiveCatalog(h, &list->catalog));
    const tacit::Catalog& c = *list->catalog;
    list->views.reserve(c.topics.size());
    for (const tacit::Topic& t : c.topics) {
      tacit_topic_t v;
      v.struct_size = sizeof v;
      v.id = t.id.c_str();
      v.label = t.label.empty() ? t.id.c_str() : t.label.c_str();
      v.parent_id = t.parent >= 0 ? c.topics[size_t(t.parent)].id.c_str() : kEmpty;
      v.sensitivity = int32_t(t.sensitivity);
      list->views.push_back(v);
    }
    *out = list.release();
    return Status::OK();
  });
}

size_t tacit_topic_list_size(const tacit_topic_list_t* l) { return l ? l->views.size() : 0; }
const tacit_topic_t* tacit_topic_list_get(const tacit_topic_list_t* l, size_t i) {
  return l && i < l->views.size() ? &l->views[i] : nullptr;
}
void tacit_topic_list_free(tacit_topic_list_t* l) { delete l; }

tacit_status tacit_catalog_items(tacit_t* h, size_t offset, size_t limit, tacit_catalog_item_list_t** out) {
  return Guard([&] {
    if (!out) return Status::Invalid("out is NULL");
    std::unique_ptr<tacit_catalog_item_list> list(new tacit_catalog_item_list());
    TACIT_RETURN_IF_ERROR(ActiveCatalog(h, &list->catalog));
    const tacit::Catalog& c = *list->catalog;
    const size_t begin = offset < c.items.size() ? offset : c.items.size();
    const size_t end = limit == 0 || limit > c.items.size() - begin ? c.items.size() : begin + limit;
    list->topic_ids.resize(end - begin);
    list->topic_weights.resize(end - begin);
    list->views.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      const tacit::Item& it = c.items[i];
      std::vector<const char*>& ids = list->topic_ids[i - begin];
      std::vector<double>& weights = list->topic_weights[i - begin];
      for (const tacit::ItemTopic& t : it.topics) {
        ids.push_back(c.topics[t.topic].id.c_str());
        weights.push_back(double(t.weight));
      }
      tacit_catalog_item_t v;
      v.struct_size = sizeof v;
      v.id = it.id.c_str();
      v.title = it.title.c_str();
      v.topic_ids = ids.data();
      v.topic_weights = weights.data();
      v.topic_count = ids.size();
      v.campaign_id = it.campaign_id.c_str();
      v.published_at_ms = it.published_at_ms;
      v.locale = it.locale.c_str();
      list->views.push_back(v);
    }
    *out = list.release();
    return Status::OK();
  });
}

size_t tacit_catalog_item_list_size(const tacit_catalog_item_list_t* l) { return l ? l->views.size() : 0; }
const tacit_catalog_item_t* tacit_catalog_item_list_get(const tacit_catalog_item_list_t* l, size_t i) {
  return l && i < l->views.size() ? &l->views[i] : nullptr;
}
void tacit_catalog_item_list_free(tacit_catalog_item_list_t* l) { delete l; }

}  // extern "C"
