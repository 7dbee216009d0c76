// bench-sim-create: creates per second against a running ascenda-sim.
//
//   bench-sim-create --url=http://127.0.0.1:PORT [--threads=8] [--seconds=10]
//                    [--card=ID --denomination=50.00 --currency=USD]
//
// Each thread holds one keep-alive HTTPClientSession and posts create-order
// requests with unique reference_ids for the given duration. Prints the
// number of creates answered 201 per second, and p50/p99 latency. Run the
// simulator with faults, webhooks and the rate limit off (plain HTTP).
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string url = "http://127.0.0.1:8443";
  int threads = 8;
  int seconds = 10;
  std::string card = "00000000-0000-4000-8000-000000000001";
  std::string denomination = "50.00";
  std::string currency = "USD";
  std::string client_id = "sim-client";
  std::string client_secret = "sim-secret";
};

struct Result {
  int64_t created = 0;
  int64_t failed = 0;
  std::vector<double> latency_ms;
};

bool Flag(const std::string& arg, const char* name, std::string& value) {
  std::string prefix = std::string("--") + name + "=";
  if (arg.compare(0, prefix.size(), prefix) != 0) return false;
  value = arg.substr(prefix.size());
  return true;
}

int Post(Poco::Net::HTTPClientSession& session, const std::string& path, const std::string& token,
         const std::string& body, std::string& answer) {
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(true);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  request.set("Accept", "application/json");
  request.set("X-Ascenda-Version", "1.3");
  if (!token.empty()) request.set("Authorization", "Bearer " + token);
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  answer.clear();
  Poco::StreamCopier::copyToString(in, answer);
  return response.getStatus();
}

std::string FetchToken(const Options& o, const Poco::URI& uri) {
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  std::string answer;
  int status = Post(session, uri.getPath() + "/tokens", "",
                    "{\"client_id\":\"" + o.client_id + "\",\"client_secret\":\"" +
                        o.client_secret + "\",\"grant_type\":\"client_credentials\"}",
                    answer);
  size_t at = answer.find("\"access_token\":\"");
  if (status != 201 || at == std::string::npos) {
    throw std::runtime_error("token request failed: " + std::to_string(status) + " " + answer);
  }
  at += 16;
  return answer.substr(at, answer.find('"', at) - at);
}

void Hammer(const Options& o, const Poco::URI& uri, const std::string& token, int index,
            Clock::time_point end, Result& result) {
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  session.setKeepAlive(true);
  const std::string path = uri.getPath() + "/fulfillment_orders/gift_cards";
  const std::string run = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
  std::string answer;
  for (int64_t n = 0; Clock::now() < end; ++n) {
    std::string body = "{\"reference_id\":\"bench-" + run + "-" + std::to_string(index) + "-" +
                       std::to_string(n) +
                       "\",\"transacted_at\":\"2026-11-26T10:15:30Z\",\"user\":{\"number\":"
                       "\"u-1\",\"email\":\"bench@example.com\",\"first_name\":\"Bench\","
                       "\"last_name\":\"Mark\",\"phone_number\":\"+6591234567\"},"
                       "\"gift_cards\":[{\"id\":\"" +
                       o.card + "\",\"denomination\":\"" + o.denomination + "\",\"currency\":\"" +
                       o.currency + "\",\"quantity\":1}]}";
    auto start = Clock::now();
    int status = 0;
    try {
      status = Post(session, path, token, body, answer);
    } catch (const Poco::Exception& e) {
      session.reset();
    }
    auto took = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (status == 201) {
      ++result.created;
      result.latency_ms.push_back(took);
    } else {
      ++result.failed;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    if (Flag(arg, "url", o.url)) continue;
    if (Flag(arg, "card", o.card) || Flag(arg, "denomination", o.denomination) ||
        Flag(arg, "currency", o.currency) || Flag(arg, "client_id", o.client_id) ||
        Flag(arg, "client_secret", o.client_secret)) {
      continue;
    }
    if (Flag(arg, "threads", value))
      o.threads = std::stoi(value);
    else if (Flag(arg, "seconds", value))
      o.seconds = std::stoi(value);
    else {
      std::cerr << "usage: bench-sim-create --url=http://127.0.0.1:PORT [--threads=N] "
                   "[--seconds=S] [--card=ID --denomination=D --currency=C]\n";
      return 2;
    }
  }
  try {
    Poco::URI uri(o.url);
    std::string token = FetchToken(o, uri);
    std::vector<Result> results(static_cast<size_t>(o.threads));
    std::vector<std::thread> threads;
    auto start = Clock::now();
    auto end = start + std::chrono::seconds(o.seconds);
    for (int i = 0; i < o.threads; ++i) {
      threads.emplace_back(Hammer, std::cref(o), std::cref(uri), std::cref(token), i, end,
                           std::ref(results[static_cast<size_t>(i)]));
    }
    for (auto& t : threads) t.join();
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    Result all;
    for (Result& r : results) {
      all.created += r.created;
      all.failed += r.failed;
      all.latency_ms.insert(all.latency_ms.end(), r.latency_ms.begin(), r.latency_ms.end());
    }
    std::printf(
        "threads=%d seconds=%.1f created=%lld failed=%lld creates_per_s=%.0f "
        "p50_ms=%.3f p99_ms=%.3f\n",
        o.threads, elapsed, static_cast<long long>(all.created), static_cast<long long>(all.failed),
        all.created / elapsed, benchutil::Percentile(all.latency_ms, 0.50),
        benchutil::Percentile(all.latency_ms, 0.99));
    return all.failed == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench failed: " << e.what() << "\n";
    return 1;
  }
}
