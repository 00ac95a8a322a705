// IdTable: string ids mapped to a small value, looked up by std::string_view without allocating (open
// addressing, linear probing, power-of-two capacity). The table does not own its keys: each key's bytes must
// outlive the table.
#ifndef TACIT_RANK_ID_TABLE_H_
#define TACIT_RANK_ID_TABLE_H_

#include <cstddef>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace tacit {

template <typename V>
class IdTable {
 public:
  static size_t Hash(std::string_view id) { return std::hash<std::string_view>()(id); }

  // The value kept for `id` (whose Hash is `hash`), or null.
  const V* Find(std::string_view id, size_t hash) const {
    if (slots_.empty()) return nullptr;
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.key.data()) return nullptr;
      if (s.hash == hash && s.key == id) return &s.value;
    }
  }

  // Keeps `value` for `id`, which must not be kept yet.
  void Insert(std::string_view id, size_t hash, V value) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    const size_t mask = slots_.size() - 1;
    size_t i = hash & mask;
    while (slots_[i].key.data()) i = (i + 1) & mask;
    slots_[i] = Slot{id.data() ? id : std::string_view(""), hash, std::move(value)};
    ++size_;
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    std::string_view key;  // data() null: an empty slot
    size_t hash = 0;
    V value{};
  };

  void Grow() {
    std::vector<Slot> old(slots_.empty() ? 64 : 2 * slots_.size());
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (Slot& s : old) {
      if (!s.key.data()) continue;
      size_t i = s.hash & mask;
      while (slots_[i].key.data()) i = (i + 1) & mask;
      slots_[i] = std::move(s);
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace tacit

#endif  // TACIT_RANK_ID_TABLE_H_
