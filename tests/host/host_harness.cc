#include "host_harness.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/paths.h"
#include "support/ports.h"

namespace hosttest {

std::string TestPluginsDir() { return TEST_PLUGINS_DIR; }

std::string CorpusPlugin(const std::string& name) {
  return TestPluginsDir() + "/lib" + name + ".so";
}

Poco::JSON::Object::Ptr ParseObject(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a JSON object: " << text;
  } catch (...) {
    ADD_FAILURE() << "not a JSON object: " << text;
  }
  return new Poco::JSON::Object;
}

HostProcess::HostProcess(const std::vector<std::string>& plugins,
                         const std::vector<std::string>& extra) {
  namespace fs = std::filesystem;
  port_ = testsupport::FreeTcpPort();
  const std::string plugin_dir = dir_.File("plugins");
  fs::create_directories(plugin_dir);
  for (const std::string& p : plugins) {
    fs::create_symlink(p, plugin_dir + "/" + fs::path(p).filename().string());
  }
  std::ofstream config(dir_.File("host.properties"));
  config << "host.http.port=" << port_ << "\n"
         << "host.http.address=127.0.0.1\n"
         << "host.db.connection=" << dir_.File("var/host.db") << "\n"
         << "host.plugins.dir=" << plugin_dir << "\n"
         << "host.log.file=" << dir_.File("host.log") << "\n";
  for (const std::string& line : extra) config << line << "\n";
  config.close();
  process_ = testsupport::ChildProcess::Start(testsupport::BinaryPath("loyalty-host"),
                                              {"--config=" + dir_.File("host.properties")},
                                              dir_.File("stdout.log"));
  if (!testsupport::WaitForHttp(Url("/healthz"), 20000)) {
    throw std::runtime_error("loyalty-host did not answer; log:\n" + LogText() + process_->Log());
  }
}

HostProcess::~HostProcess() = default;

std::string HostProcess::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

testsupport::HttpReply HostProcess::Get(const std::string& path, const std::string& token) const {
  return Send("GET", path, "", token);
}

testsupport::HttpReply HostProcess::Send(const std::string& method, const std::string& path,
                                         const std::string& body, const std::string& token) const {
  std::map<std::string, std::string> headers;
  if (!body.empty()) headers["Content-Type"] = "application/json";
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  return testsupport::HttpCall(method, Url(path), body, headers);
}

testsupport::HttpReply HostProcess::Call(const std::string& method, const std::string& path,
                                         const std::string& body,
                                         const std::map<std::string, std::string>& headers) const {
  return testsupport::HttpCall(method, Url(path), body, headers);
}

std::string HostProcess::AddMemberAndSignIn(const std::string& id, const std::string& admin_token,
                                            const std::string& password, long long points) const {
  const std::string body = "{\"id\":\"" + id + "\",\"email\":\"" + id +
                           "@example.com\",\"first_name\":\"Test\",\"last_name\":\"Member\","
                           "\"password\":\"" +
                           password + "\",\"points\":" + std::to_string(points) + "}";
  testsupport::HttpReply created = Send("POST", "/admin/members", body, admin_token);
  if (created.status != 201) {
    throw std::runtime_error("member " + id + " not created: " + std::to_string(created.status) +
                             " " + created.body);
  }
  return testsupport::SignIn(Url(""), id, password);
}

std::string HostProcess::LogText() const {
  std::ifstream in(dir_.File("host.log"));
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace hosttest
