// HostCapabilities (ABI 1.1): how a plugin finds the services a host added
// after ABI 1.0, without any shipped interface changing.
//
// A host of ABI >= 1.1 calls the descriptor's `create_v2(services,
// capabilities)` (plugin_entry.h) when the plugin's descriptor has it; an
// older host never reads that field and calls `create(services)`, so the
// plugin then simply has none of these capabilities. Find(name) answers the
// interface registered under `name` — each name carries its version and
// always means the same C++ interface (e.g. kMetricsCapability is a
// rewards::MetricsRegistry) — or nullptr when this host lacks it. A new
// capability is a new name; a shipped name is never given another interface.
// Owned by the host; it and every interface it answers live from create_v2()
// until destroy() returns. Thread-safe.
#pragma once

#include <string_view>

namespace rewards {

class HostCapabilities {
 public:
  virtual void* Find(std::string_view name) noexcept = 0;

 protected:
  ~HostCapabilities() = default;  // the host owns it; a plugin never deletes it
};

// The typed lookup: `T` must be the interface named by `name`.
template <typename T>
T* FindCapability(HostCapabilities* capabilities, std::string_view name) noexcept {
  return capabilities == nullptr ? nullptr : static_cast<T*>(capabilities->Find(name));
}

}  // namespace rewards
