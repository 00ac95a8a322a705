// Test support: white-box access to a store's database, for tests that inspect or damage tables directly.
#ifndef TACIT_TESTS_SUPPORT_STORE_PEER_H_
#define TACIT_TESTS_SUPPORT_STORE_PEER_H_

#include "store/profile_store.h"

namespace tacit {

struct StoreTestPeer {
  static Db& db(ProfileStore& s) { return s.db(); }
};

}  // namespace tacit

#endif  // TACIT_TESTS_SUPPORT_STORE_PEER_H_
