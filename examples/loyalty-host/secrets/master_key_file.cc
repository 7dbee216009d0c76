#include "secrets/master_key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
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
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      // Another node made it just now: give it a moment to finish writing.
      for (int i = 0; i < 50; ++i) {
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0 && st.st_size > 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      return ReadKeyFile(path, config_key);
    }
    return Refuse(config_key, path,
                  std::string("cannot be created: ") +
                      std::error_code(errno, std::generic_category()).message());
  }
  const std::string text = ToBase64(*raw) + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Refuse(config_key, path, "cannot be written");
  return *raw;
}

}  // namespace loyalty
