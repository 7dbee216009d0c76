#include "config/host_config.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <tuple>

#include "config/credentials.h"

namespace loyalty {

namespace {

using Poco::Util::AbstractConfiguration;

rewards::Status Bad(const std::string& key, const std::string& why) {
  return rewards::InvalidArgument("invalid_config", key + ": " + why);
}

rewards::Status ReadInt(const AbstractConfiguration& c, const std::string& key, int min, int max,
                        int& out) {
  if (!c.hasProperty(key)) return rewards::Status::Ok();
  try {
    const int v = c.getInt(key);
    if (v < min || v > max) {
      return Bad(key, "must be " + std::to_string(min) + ".." + std::to_string(max));
    }
    out = v;
    return rewards::Status::Ok();
  } catch (const Poco::Exception&) {
    return Bad(key, "must be a whole number");
  }
}

void ReadString(const AbstractConfiguration& c, const std::string& key, std::string& out) {
  if (c.hasProperty(key)) out = c.getString(key);
}

// Every leaf under `prefix` ("plugins.ascenda" -> "ascenda.base_url" = ...).
void CollectLeaves(const AbstractConfiguration& c, const std::string& prefix,
                   const std::string& relative, std::map<std::string, std::string>& out) {
  AbstractConfiguration::Keys children;
  c.keys(prefix, children);
  for (const std::string& child : children) {
    const std::string full = prefix + "." + child;
    const std::string rel = relative.empty() ? child : relative + "." + child;
    if (c.hasProperty(full)) out[rel] = c.getString(full);
    CollectLeaves(c, full, rel, out);
  }
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    const std::size_t b = item.find_first_not_of(" \t");
    const std::size_t e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    start = comma + 1;
  }
  return out;
}

// secrets.key beside the SQLite file; ./var/secrets.key for PostgreSQL.
std::string DefaultKeyFile(const HostConfig& cfg) {
  if (cfg.db_connector != "sqlite") return "./var/secrets.key";
  const std::size_t slash = cfg.db_connection.rfind('/');
  if (slash == std::string::npos) return "secrets.key";
  return cfg.db_connection.substr(0, slash + 1) + "secrets.key";
}

bool IsLogLevel(const std::string& level) {
  try {
    Poco::Logger::parseLevel(level);
    return true;
  } catch (const Poco::Exception&) {
    return false;
  }
}

}  // namespace

rewards::Result<HostConfig> ReadHostConfig(const AbstractConfiguration& c) {
  HostConfig cfg;
  for (auto [key, min, max, field] :
       {std::tuple{"host.http.port", 1, 65535, &cfg.http_port},
        std::tuple{"host.http.threads", 1, 512, &cfg.http_threads},
        std::tuple{"host.db.pool.max", 1, 512, &cfg.db_pool_max},
        std::tuple{"host.settings.reload_s", 0, 3600, &cfg.settings_reload_s},
        std::tuple{"host.http.timeout_s", 1, 3600, &cfg.http_timeout_s},
        std::tuple{"host.http.rate.member_per_s", 0, 1000000, &cfg.http_rate_member_per_s},
        std::tuple{"host.session.ttl_s", 60, 30 * 24 * 3600, &cfg.session_ttl_s},
        std::tuple{"host.auth.scrypt.n", 1024, 1 << 20, &cfg.scrypt_n},
        std::tuple{"host.auth.scrypt.r", 1, 32, &cfg.scrypt_r},
        std::tuple{"host.auth.scrypt.p", 1, 16, &cfg.scrypt_p},
        std::tuple{"host.metrics.port", 0, 65535, &cfg.metrics_port}}) {
    rewards::Status s = ReadInt(c, key, min, max, *field);
    if (!s.ok()) return s;
  }
  ReadString(c, "host.http.address", cfg.http_address);
  ReadString(c, "host.db.connector", cfg.db_connector);
  ReadString(c, "host.db.connection", cfg.db_connection);
  ReadString(c, "host.plugins.dir", cfg.plugins_dir);
  cfg.web_dir = LOYALTY_HOST_DEFAULT_WEB_DIR;
  ReadString(c, "host.web.dir", cfg.web_dir);
  rewards::Status token = ReadValueOrFile(c, "host.admin.token", cfg.admin_token);
  if (!token.ok()) return token;
  ReadString(c, "host.rewards.provider", cfg.rewards_provider);
  ReadString(c, "host.clock", cfg.clock);
  ReadString(c, "host.log.level", cfg.log_level);
  ReadString(c, "host.log.file", cfg.log_file);
  ReadString(c, "host.secrets.key_file", cfg.secrets_key_file);
  std::string previous;
  ReadString(c, "host.secrets.previous_key_files", previous);
  cfg.secrets_previous_key_files = SplitList(previous);
  std::string secure = "false";
  ReadString(c, "host.session.cookie_secure", secure);
  if (secure != "true" && secure != "false") {
    return Bad("host.session.cookie_secure", "must be true or false");
  }
  cfg.session_cookie_secure = secure == "true";
  if ((cfg.scrypt_n & (cfg.scrypt_n - 1)) != 0) {
    return Bad("host.auth.scrypt.n", "must be a power of two");
  }
  if (cfg.secrets_key_file.empty()) cfg.secrets_key_file = DefaultKeyFile(cfg);
  ReadString(c, "host.log.format", cfg.log_format);
  ReadString(c, "host.metrics.address", cfg.metrics_address);
  rewards::Status metrics_token = ReadValueOrFile(c, "host.metrics.token", cfg.metrics_token);
  if (!metrics_token.ok()) return metrics_token;
  if (cfg.log_format != "text" && cfg.log_format != "json") {
    return Bad("host.log.format", "must be text or json");
  }
  if (cfg.db_connector != "sqlite" && cfg.db_connector != "postgresql") {
    return Bad("host.db.connector", "must be sqlite or postgresql");
  }
  if (cfg.db_connection.empty()) return Bad("host.db.connection", "must not be empty");
  if (cfg.clock != "system" && cfg.clock != "manual") {
    return Bad("host.clock", "must be system or manual");
  }
  if (!IsLogLevel(cfg.log_level)) {
    return Bad("host.log.level", "must be a Poco level (e.g. information, debug)");
  }
  AbstractConfiguration::Keys plugins;
  c.keys("plugins", plugins);
  for (const std::string& name : plugins) {
    CollectLeaves(c, "plugins." + name, "", cfg.plugin_settings[name]);
  }
  return cfg;
}

}  // namespace loyalty
