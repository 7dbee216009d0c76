// HostConfig: the host's settings, read once at start from a Poco
// configuration (the properties file given with --config=FILE).
//
// Every key has a default (see the README's table); a value that cannot be
// used (a port out of range, an unknown connector) is an error naming the key,
// so a typo stops the host instead of being ignored. `plugins.<name>.<key>`
// entries are initial settings for plugin <name>, used only where the host
// database holds no value for that key.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <map>
#include <string>
#include <vector>

#include "rewards/status.h"

namespace loyalty {

struct HostConfig {
  int http_port = 8080;
  std::string http_address = "127.0.0.1";
  int http_threads = 16;
  int http_timeout_s = 30;              // idle or slow client cut off after this
  int http_rate_member_per_s = 20;      // per session and per address; 0: off
  std::string db_connector = "sqlite";  // "sqlite" | "postgresql"
  std::string db_connection = "./var/loyalty-host.db";
  int db_pool_max = 16;
  int settings_reload_s = 5;  // 0: settings change only through this node
  std::string plugins_dir = "./plugins";
  // The storefront and console pages (api/web_pages.h); "" serves none.
  // ReadHostConfig defaults it to the source tree's folder (the demo and
  // tests); the package's properties file names its installed copy.
  std::string web_dir;
  std::string admin_token;       // or from host.admin.token_file; empty: admin routes answer 403
  std::string rewards_provider;  // empty: the only loaded plugin
  int session_ttl_s = 28800;
  bool session_cookie_secure = false;  // Secure cookies (behind TLS)
  int scrypt_n = 32768, scrypt_r = 8, scrypt_p = 1;
  // base64 of the 32-byte master key; empty: secrets.key next to the SQLite
  // file (./var/secrets.key on PostgreSQL).
  std::string secrets_key_file;
  std::vector<std::string> secrets_previous_key_files;
  std::string clock = "system";  // "system" | "manual"
  std::string log_level = "information";
  std::string log_file;             // empty: console only
  std::string log_format = "text";  // "text" | "json"
  // GET /metrics: on the main server unless metrics_port is set (0: main).
  std::string metrics_address = "127.0.0.1";
  int metrics_port = 0;
  std::string metrics_token;  // or host.metrics.token_file; empty: no bearer needed
  // plugin name -> setting key -> initial value
  std::map<std::string, std::map<std::string, std::string>> plugin_settings;
};

rewards::Result<HostConfig> ReadHostConfig(const Poco::Util::AbstractConfiguration& config);

}  // namespace loyalty
