#include "webhook_sender.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <memory>

#include "ids.h"
#include "webhook_signature.h"
#include "wire_json.h"

namespace ascenda_sim {
namespace {

constexpr size_t kMaxKeptEvents = 20000;
constexpr size_t kMaxKeptAttempts = 50000;
constexpr int kDuplicateGapMs = 20;

std::unique_ptr<Poco::Net::HTTPClientSession> OpenSession(const Poco::URI& uri,
                                                          const std::string& ca_file) {
  if (uri.getScheme() == "http") {
    return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  }
  if (uri.getScheme() != "https") {
    throw Poco::InvalidArgumentException("webhook url must be http or https");
  }
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, ca_file,
                             Poco::Net::Context::VERIFY_STRICT, 9, ca_file.empty());
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
  return std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
}

// One POST; returns the HTTP status (0 with *error set when none came back).
int Post(const WebhookSettings& settings, const std::string& url, const WebhookEvent& event,
         int64_t unix_s, std::string* error) {
  try {
    Poco::URI uri(url);
    auto session = OpenSession(uri, settings.ca_file);
    session->setTimeout(
        Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(settings.timeout_ms) * 1000));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(event.body.size()));
    request.set("User-Agent", "ascenda-sim/1.0");
    request.set("X-Ascenda-Event-Id", event.id);
    request.set("X-Ascenda-Signature",
                SignatureHeader(unix_s, event.body, settings.secret, settings.previous_secret));
    session->sendRequest(request) << event.body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    Poco::NullOutputStream sink;
    Poco::StreamCopier::copyStream(in, sink);
    return response.getStatus();
  } catch (const Poco::Exception& e) {
    *error = e.displayText();
  } catch (const std::exception& e) {
    *error = e.what();
  }
  return 0;
}

}  // namespace

std::vector<std::string> WebhookTargets(const std::string& urls) {
  std::vector<std::string> targets;
  size_t start = 0;
  while (start <= urls.size()) {
    size_t comma = urls.find(',', start);
    if (comma == std::string::npos) comma = urls.size();
    std::string one = urls.substr(start, comma - start);
    const size_t first = one.find_first_not_of(" \t");
    const size_t last = one.find_last_not_of(" \t");
    if (first != std::string::npos) targets.push_back(one.substr(first, last - first + 1));
    start = comma + 1;
  }
  return targets;
}

WebhookSender::WebhookSender(const Clock& clock, WebhookSettings settings, uint64_t seed)
    : clock_(clock), settings_(std::move(settings)), random_(seed) {}

WebhookSender::~WebhookSender() { Stop(); }

void WebhookSender::Start() {
  int threads = settings_.threads < 1 ? 1 : settings_.threads;
  for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

void WebhookSender::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
}

std::string WebhookSender::Publish(const Order& order) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!settings_.enabled || settings_.url.empty()) return "";
  WebhookEvent event;
  event.id = NewUuid();
  event.order_id = order.id;
  event.reference_id = order.reference_id;
  event.created_at_ms = clock_.WallMs();
  event.body = WebhookEventJson(event.id, event.created_at_ms, order);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  // Drawn only when dropping is on, so the other rates' sequence per seed stays.
  event.dropped = settings_.drop_rate > 0 && unit(random_) < settings_.drop_rate;
  const bool dropped = event.dropped;
  std::string id = event.id;
  events_.emplace(id, std::move(event));
  event_order_.push_back(id);
  if (event_order_.size() > kMaxKeptEvents) {
    events_.erase(event_order_.front());
    event_order_.pop_front();
  }
  if (dropped) {
    ++dropped_;
    return id;
  }
  int64_t delay = unit(random_) < settings_.reorder_rate ? settings_.reorder_delay_ms : 0;
  ScheduleLocked(id, 1, false, delay);
  if (unit(random_) < settings_.duplicate_rate) {
    ScheduleLocked(id, 1, true, delay + kDuplicateGapMs);
  }
  return id;
}

bool WebhookSender::Replay(const std::string& event_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!events_.count(event_id)) return false;
  ScheduleLocked(event_id, 1, true, 0);
  return true;
}

void WebhookSender::ScheduleLocked(const std::string& event_id, int attempt, bool duplicate,
                                   int64_t delay_ms) {
  queue_.push(Delivery{clock_.SteadyMs() + delay_ms, next_seq_++, event_id, attempt, duplicate});
  wake_.notify_one();
}

void WebhookSender::SetTarget(const std::string& url, const std::string& secret,
                              const std::string& previous_secret, bool enabled) {
  std::lock_guard<std::mutex> lock(mu_);
  settings_.url = url;
  settings_.secret = secret;
  settings_.previous_secret = previous_secret;
  settings_.enabled = enabled;
}

void WebhookSender::SetRates(double duplicate_rate, double reorder_rate, double drop_rate) {
  std::lock_guard<std::mutex> lock(mu_);
  settings_.duplicate_rate = duplicate_rate;
  settings_.reorder_rate = reorder_rate;
  settings_.drop_rate = drop_rate;
}

int64_t WebhookSender::dropped_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_;
}

void WebhookSender::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (queue_.empty()) {
      wake_.wait(lock);
      continue;
    }
    int64_t wait_ms = queue_.top().due_ms - clock_.SteadyMs();
    if (wait_ms > 0) {
      wake_.wait_for(lock, std::chrono::milliseconds(wait_ms));
      continue;
    }
    Delivery delivery = queue_.top();
    queue_.pop();
    lock.unlock();
    Attempt(delivery);
    lock.lock();
  }
}

void WebhookSender::Attempt(const Delivery& delivery) {
  WebhookEvent event;
  WebhookSettings settings;
  std::string url;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = events_.find(delivery.event_id);
    if (it == events_.end()) return;  // cleared meanwhile
    event = it->second;
    settings = settings_;
    const std::vector<std::string> targets = WebhookTargets(settings.url);
    if (!targets.empty()) {
      url = targets[std::uniform_int_distribution<size_t>(0, targets.size() - 1)(random_)];
    }
  }
  WebhookAttempt record;
  record.event_id = event.id;
  record.order_id = event.order_id;
  record.attempt = delivery.attempt;
  record.duplicate = delivery.duplicate;
  record.url = url;
  record.at_ms = clock_.WallMs();
  int64_t start = clock_.SteadyMs();
  record.status = Post(settings, url, event, clock_.WallSeconds(), &record.error);
  record.duration_ms = clock_.SteadyMs() - start;
  bool delivered = record.status == 200 && record.duration_ms <= settings.timeout_ms;
  if (record.status != 0 && !delivered && record.error.empty()) {
    record.error = record.status == 200 ? "answered after the time limit" : "answer was not 200";
  }

  std::lock_guard<std::mutex> lock(mu_);
  if (delivered) {
    record.outcome = "delivered";
  } else if (delivery.attempt < settings.max_attempts) {
    record.outcome = "retry";
    int64_t backoff = static_cast<int64_t>(settings.backoff_ms) << (delivery.attempt - 1);
    ScheduleLocked(delivery.event_id, delivery.attempt + 1, delivery.duplicate, backoff);
  } else {
    record.outcome = "failed";
  }
  if (attempts_.size() < kMaxKeptAttempts) attempts_.push_back(std::move(record));
}

std::vector<WebhookAttempt> WebhookSender::Attempts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return attempts_;
}

std::vector<WebhookEvent> WebhookSender::Events() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<WebhookEvent> out;
  for (const std::string& id : event_order_) out.push_back(events_.at(id));
  return out;
}

void WebhookSender::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  queue_ = {};
  events_.clear();
  event_order_.clear();
  attempts_.clear();
  dropped_ = 0;
}

}  // namespace ascenda_sim
