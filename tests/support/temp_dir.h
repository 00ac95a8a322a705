// Test support: a fresh directory per test, removed with everything in it when the object dies.
#ifndef TACIT_TESTS_SUPPORT_TEMP_DIR_H_
#define TACIT_TESTS_SUPPORT_TEMP_DIR_H_

#include <cstdint>
#include <string>
#include <vector>

namespace tacit_test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Join(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::vector<uint8_t> ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::vector<uint8_t>& bytes);
bool FileExists(const std::string& path);
// A deterministic 32-byte key derived from a small number (test keys only).
std::vector<uint8_t> TestKey(uint8_t n);

}  // namespace tacit_test

#endif  // TACIT_TESTS_SUPPORT_TEMP_DIR_H_
