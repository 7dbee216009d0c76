#include "plugins/offered_extensions.h"

namespace loyalty {

void OfferedExtensions::Offer(std::string_view name, void* extension) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mu_);
    offered_[std::string(name)] = extension;
  } catch (...) {  // out of memory: the extension is simply not used
  }
}

void* OfferedExtensions::Find(std::string_view name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto found = offered_.find(name);
  return found == offered_.end() ? nullptr : found->second;
}

void OfferedExtensions::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  offered_.clear();
}

}  // namespace loyalty
