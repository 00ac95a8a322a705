// The structs behind the C API's opaque handles. Internal to the api/ concern.
#ifndef TACIT_API_HANDLE_H_
#define TACIT_API_HANDLE_H_

#include <memory>
#include <mutex>
#include <string>

#include "catalog/loader.h"
#include "core/clock.h"
#include "rank/profile_model.h"
#include "rank/ranker.h"
#include "crypto/secret.h"
#include "store/profile_store.h"
#include "tacit/tacit.h"

struct tacit_options {
  std::string dir;
  tacit::SecretBytes key;
  tacit::SecretBytes passphrase;
  uint64_t opslimit = 2;
  size_t memlimit = size_t(64) << 20;
  int durability = TACIT_DURABILITY_PROCESS_CRASH;
  tacit::Clock clock;
  std::vector<tacit::CatalogPublicKey> brand_keys;
  std::string brand_id;
  int64_t half_life_ms = 14 * tacit::kMsPerDay;
};

struct tacit_handle {
  std::mutex mu;  // serialises every call on this handle
  std::unique_ptr<tacit::ProfileStore> store;  // null once erased
  tacit::Clock clock;
  std::vector<tacit::CatalogPublicKey> brand_keys;
  std::string brand_id;
  int64_t half_life_ms = 0;
  std::shared_ptr<const tacit::RankIndex> index;  // null: no active catalog
  std::unique_ptr<tacit::ProfileModel> model;     // null: rebuild before next use
  tacit::RankScratch scratch;
  bool personalization_consent = false;  // unknown means no
  bool paused = false;                   // the user paused personalisation
  bool personalization() const { return personalization_consent && !paused; }
};

namespace tacit {

// Activates a verified catalog on the handle (the model is rebuilt lazily).
void ActivateCatalog(tacit_handle* h, std::shared_ptr<const Catalog> catalog);
// Loads the stored catalog at open; a stored catalog that no longer verifies is ignored.
Status RestoreCatalog(tacit_handle* h);
// The current model, building it from the store if needed. Requires an active catalog.
Result<ProfileModel*> CurrentModel(tacit_handle* h);
// Reads consent and the pause setting into the handle (at open and after changes).
Status RefreshControls(tacit_handle* h);

// Validation shared by the API functions. Each returns INVALID_ARGUMENT with a message naming `what`.
Status ValidateId(const char* id, const char* what);
Status ValidateTimestamp(int64_t ts_ms, int64_t now_ms, const char* what);
Status ValidateEvent(const tacit_event_t& e, int64_t now_ms);

// Locks the handle and checks it is usable; the body runs under the lock.
template <typename F>
Status WithHandle(tacit_t* h, F&& body) {
  if (!h) return Status::Invalid("handle is NULL");
  std::lock_guard<std::mutex> lock(h->mu);
  if (!h->store) return Status(TACIT_ERR_CLOSED, "the profile was erased; close this handle");
  return body(*h->store);
}

}  // namespace tacit

#endif  // TACIT_API_HANDLE_H_
