// TempDir: a fresh folder under $TMPDIR (or /tmp), removed with everything in
// it when the TempDir is destroyed — unless KEEP_TEST_DIRS is set, to look
// at logs after a failure.
#pragma once

#include <string>

namespace testsupport {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace testsupport
