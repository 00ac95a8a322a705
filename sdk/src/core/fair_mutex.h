// FairMutex: a ticket lock. Waiters are served strictly in arrival order, so a call on a busy handle
// waits for at most the critical sections queued before it (std::mutex makes no such promise: under
// contention one thread can take it again and again). BasicLockable: use with std::lock_guard and
// std::unique_lock. Not recursive.
#ifndef TACIT_CORE_FAIR_MUTEX_H_
#define TACIT_CORE_FAIR_MUTEX_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace tacit {

class FairMutex {
 public:
  FairMutex() = default;
  FairMutex(const FairMutex&) = delete;
  FairMutex& operator=(const FairMutex&) = delete;

  void lock() {
    std::unique_lock<std::mutex> l(m_);
    const uint64_t ticket = next_++;
    cv_.wait(l, [&] { return serving_ == ticket; });
  }
  void unlock() {
    {
      std::lock_guard<std::mutex> l(m_);
      ++serving_;
    }
    cv_.notify_all();
  }
  // Lets every call queued behind the holder run, then takes the lock again (the holder must hold it).
  void yield() {
    unlock();
    lock();
  }
  // True when another call waits for the lock (the holder uses it to decide whether to yield).
  bool contended() {
    std::lock_guard<std::mutex> l(m_);
    return next_ - serving_ > 1;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  uint64_t next_ = 0;     // the next ticket handed out
  uint64_t serving_ = 0;  // the ticket that holds the lock
};

}  // namespace tacit

#endif  // TACIT_CORE_FAIR_MUTEX_H_
