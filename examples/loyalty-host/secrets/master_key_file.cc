#include "secrets/master_key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <system_error>
#include <thread>

#include "auth/crypto_util.h"
#include "secrets/secret_box.h"

namespace loyalty {

namespace {

rewards::Status Refuse(const std::string& config_key, const std::string& path,
                       const std::string& why) {
  return rewards::Status(rewards::StatusCode::kFailedPrecondition, "bad_key_file",
                         config_key + " (" + path + "): " + why);
}

}  // namespace

bool KeyFileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

rewards::Result<std::string> ReadKeyFile(const std::string& path, const std::string& config_key) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Refuse(config_key, path,
                  std::string("cannot be read: ") +
                      std::error_code(errno, std::generic_category()).message());
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Refuse(config_key, path,
                  "is readable or writable by group or others; chmod 600 it (it holds the "
                  "master key of the stored secrets)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Refuse(config_key, path, "cannot be opened");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  std::optional<std::string> raw = FromBase64(text);
  if (!raw || raw->size() != SecretBox::kKeyBytes) {
    return Refuse(config_key, path, "must hold base64 of exactly 32 bytes");
  }
  return *raw;
}

rewards::Result<std::string> CreateKeyFile(const std::string& path, const std::string& config_key) {
  std::error_code ec;
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  std::optional<std::string> raw = RandomBytes(SecretBox::kKeyBytes);
  if (!raw) return rewards::Internal("no random bytes for the master key");
  // Written whole under a name of this process's, then linked into place: a
  // file at `path` is always complete, so a node starting beside this one
  // reads the key or finds no file, never half of one.
  const std::string draft =
      path + ".new-" + std::to_string(::getpid()) + "-" +
      std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()));
  const int fd = ::open(draft.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Refuse(config_key, path,
                  std::string("cannot be created: ") +
                      std::error_code(errno, std::generic_category()).message());
  }
  const std::string text = ToBase64(*raw) + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  const int linked = written ? ::link(draft.c_str(), path.c_str()) : -1;
  const int link_errno = errno;
  ::unlink(draft.c_str());
  if (!written) return Refuse(config_key, path, "cannot be written");
  if (linked == 0 && !folder.empty()) {  // the new name itself survives a crash
    const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      (void)::fsync(dir);
      ::close(dir);
    }
  }
  if (linked != 0) {
    // Another node made it first: its key is the one.
    if (link_errno == EEXIST) return ReadKeyFile(path, config_key);
    return Refuse(config_key, path,
                  std::string("cannot be created: ") +
                      std::error_code(link_errno, std::generic_category()).message());
  }
  return *raw;
}

}  // namespace loyalty
