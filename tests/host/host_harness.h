// Shared helpers of the host tests: the real loyalty-host started as a child
// process on a free port with a temporary config, and JSON parsing.
#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/member_sessions.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace hosttest {

// Folder holding the broken-plugin corpus and good_test (tests/plugins).
std::string TestPluginsDir();
// A corpus plugin's .so, e.g. CorpusPlugin("wrong_major").
std::string CorpusPlugin(const std::string& name);

// Parses a JSON object; fails the test (and answers an empty object) if not.
Poco::JSON::Object::Ptr ParseObject(const std::string& text);

class HostProcess {
 public:
  // Writes host.properties into a new temp folder (plugins dir "plugins" in it
  // holding symlinks to `plugins`, log file "host.log", SQLite under "var/"),
  // adds `extra` lines, starts the binary and waits for /healthz.
  // Throws std::runtime_error if it does not come up.
  HostProcess(const std::vector<std::string>& plugins, const std::vector<std::string>& extra);
  ~HostProcess();

  std::string Url(const std::string& path) const;
  testsupport::HttpReply Get(const std::string& path, const std::string& token = "") const;
  testsupport::HttpReply Send(const std::string& method, const std::string& path,
                              const std::string& body, const std::string& token = "") const;
  // Any request with exactly `headers` (e.g. a Cookie, X-Requested-With).
  testsupport::HttpReply Call(const std::string& method, const std::string& path,
                              const std::string& body,
                              const std::map<std::string, std::string>& headers) const;
  // POST /admin/members (admin `token`) of `id` with `password`, then its
  // session token. Throws std::runtime_error when either is refused.
  std::string AddMemberAndSignIn(const std::string& id, const std::string& admin_token,
                                 const std::string& password = testsupport::kMemberPassword,
                                 long long points = 0) const;
  std::string LogText() const;  // the host's own log file
  testsupport::ChildProcess& process() { return *process_; }
  const testsupport::TempDir& dir() const { return dir_; }
  int port() const { return port_; }

 private:
  testsupport::TempDir dir_;
  int port_ = 0;
  std::unique_ptr<testsupport::ChildProcess> process_;
};

}  // namespace hosttest
