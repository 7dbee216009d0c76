// Small pieces the scripts/bench helpers share: --name=value flags, the
// pid and resident memory of a child process, percentiles, a keep-alive
// redemption client for the real loyalty-host, and a wait for SIGTERM or
// SIGINT. Header-only; not thread-safe unless noted.
#pragma once

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace benchutil {

inline std::string TextFlag(int argc, char** argv, const std::string& name,
                            const std::string& fallback) {
  const std::string prefix = "--" + name + "=";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind(prefix, 0) == 0) return arg.substr(prefix.size());
  }
  return fallback;
}

inline long long IntFlag(int argc, char** argv, const std::string& name, long long fallback) {
  const std::string v = TextFlag(argc, argv, name, "");
  return v.empty() ? fallback : std::stoll(v);
}

// The pid of this process's child whose command name is `comm` (0 if none).
inline pid_t ChildPid(const std::string& comm) {
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return 0;
  pid_t found = 0;
  while (dirent* e = readdir(proc)) {
    const std::string name = e->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in("/proc/" + name + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == getpid() && stat.substr(open + 1, close - open - 1) == comm.substr(0, 15)) {
      found = static_cast<pid_t>(std::stol(name));
      break;
    }
  }
  closedir(proc);
  return found;
}

// VmRSS of `pid` in KiB (-1 when unreadable).
inline long long RssKib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

inline double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

// POST /api/redemptions of USD 10.00 (1000 points) of the fixture card on a
// keep-alive session, as the member whose session `token` is; the HTTP status
// (0 when the call failed: the session is reset for the next call).
inline int PostRedemption(Poco::Net::HTTPClientSession& session, const std::string& member,
                          const std::string& key, const std::string& token) {
  const std::string body = "{\"member_id\":\"" + member +
                           "\",\"gift_card_id\":\"00000000-0000-4000-8000-000000000001\","
                           "\"denomination\":\"10.00\",\"currency\":\"USD\","
                           "\"expected_points\":1000,\"idempotency_key\":\"" +
                           key + "\"}";
  try {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/api/redemptions",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    request.setContentType("application/json");
    request.set("Authorization", "Bearer " + token);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
    return response.getStatus();
  } catch (const std::exception&) {
    session.reset();
    return 0;
  }
}

inline std::atomic<bool>& StopRequested() {
  static std::atomic<bool> stop{false};
  return stop;
}

// Blocks until SIGTERM or SIGINT arrives.
inline void WaitForStop() {
  struct sigaction sa = {};
  sa.sa_handler = [](int) { StopRequested() = true; };
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  while (!StopRequested()) poll(nullptr, 0, 200);
}

}  // namespace benchutil
