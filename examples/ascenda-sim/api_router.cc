#include "api_router.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <optional>

#include "api_operations.h"
#include "create_order_request.h"
#include "logo_image.h"
#include "wire_json.h"

namespace ascenda_sim {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

constexpr size_t kMaxBodyBytes = 1 << 20;

// Fills op and order_id from method + path; false for an unknown route.
bool Route(const std::string& method, const std::string& path, ApiRequest& out) {
  static const std::string kOrders = "/orders/";
  static const std::string kResend = "/resend_email";
  if (method == "POST" && path == "/tokens")
    out.op = ApiOp::kToken;
  else if (method == "GET" && path == "/gift_cards")
    out.op = ApiOp::kListGiftCards;
  else if (method == "POST" && path == "/fulfillment_orders/gift_cards")
    out.op = ApiOp::kCreate;
  else if (method == "GET" && path == "/orders")
    out.op = ApiOp::kListOrders;
  else if (path.compare(0, kOrders.size(), kOrders) == 0) {
    std::string rest = path.substr(kOrders.size());
    bool resend = rest.size() > kResend.size() &&
                  rest.compare(rest.size() - kResend.size(), kResend.size(), kResend) == 0;
    if (resend) rest.resize(rest.size() - kResend.size());
    if (rest.empty() || rest.find('/') != std::string::npos) return false;
    if (resend ? method != "POST" : method != "GET") return false;
    out.op = resend ? ApiOp::kResend : ApiOp::kGetOrder;
    out.order_id = rest;
  } else {
    return false;
  }
  return true;
}

Reply GatewayReply(int status) {
  if (status == 500) return ErrorReply(ApiError::Unexpected("unexpected error"));
  // Gateways in front of Ascenda answer with HTML, not the JSON error body.
  Reply reply;
  reply.status = status;
  reply.content_type = "text/html";
  std::string reason = Poco::Net::HTTPResponse::getReasonForStatus(
      static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  reply.body = "<html><body><h1>" + std::to_string(status) + " " + reason + "</h1></body></html>\n";
  return reply;
}

Reply RateLimitedReply(int retry_after_s) {
  Reply reply = ErrorReply(ApiError::RateLimited());
  reply.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  return reply;
}

class ApiHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  ApiHandler(SimParts& parts, Poco::Logger& logger) : parts_(parts), ops_(parts), logger_(logger) {}

  void handleRequest(HTTPServerRequest& http, HTTPServerResponse& response) override {
    ++parts_.stats.requests;
    int status = Serve(http, response);
    if (parts_.config.log_requests) {
      logger_.information("%s %s -> %d", http.getMethod(), http.getURI(), status);
    }
  }

 private:
  // Returns the status sent (0 when the connection was dropped).
  int Serve(HTTPServerRequest& http, HTTPServerResponse& response) {
    ApiRequest request;
    std::string path = Poco::URI(http.getURI()).getPath();
    const std::string& prefix = parts_.config.path_prefix;
    bool prefixed = prefix.empty() || path.compare(0, prefix.size(), prefix) == 0;
    if (prefixed) path = path.substr(prefix.size());
    std::string body;
    if (!ReadBody(http, kMaxBodyBytes, body)) {
      response.setKeepAlive(false);
      return Send(response, ErrorReply(ApiError::InvalidParameters("body too large")));
    }
    if (prefixed && http.getMethod() == "GET" && !LogoCardId(path).empty()) {
      return Send(response, LogoReply(LogoCardId(path)));
    }
    if (!prefixed || !Route(http.getMethod(), path, request)) {
      return Send(response, ErrorReply(ApiError::NotFound("no such endpoint")));
    }
    Parse(http, std::move(body), request);

    std::string key = FaultKey(request);
    if (request.op == ApiOp::kCreate) parts_.orders.CountCreateAttempt(key);
    int retry_after_s = 1;
    if (!parts_.limiter.TryAcquire(&retry_after_s)) {
      return Send(response, RateLimitedReply(retry_after_s));
    }
    Fault fault = parts_.faults.Next(request.op, key);
    if (request.op != ApiOp::kCreate) return Serve(http, response, request, fault);
    // Two create exchanges for one reference_id at once: counted, never refused.
    (void)parts_.orders.BeginCreate(key);
    const int status = Serve(http, response, request, fault);
    parts_.orders.EndCreate(key);
    return status;
  }

  int Serve(HTTPServerRequest& http, HTTPServerResponse& response, const ApiRequest& request,
            const Fault& fault) {
    int fault_status = FaultStatus(fault.kind);
    switch (fault.kind) {
      case FaultKind::kCloseBeforeCommit:
        return Drop(http, response);
      case FaultKind::kStatus429:
        return Send(response, RateLimitedReply(1));
      case FaultKind::kInvalidToken:
        return Send(response, ErrorReply(ApiError::Unauthorized("invalid M2M token")));
      case FaultKind::kExpiredToken:
        parts_.tokens.Expire(request.bearer);
        return Send(response, ErrorReply(ApiError::Unauthorized("invalid M2M token: expired")));
      case FaultKind::kMemberInvalid:
        return Send(response, ErrorReply(ApiError::MemberInvalid("member identifier invalid")));
      case FaultKind::kTenantNotFound:
        return Send(response, ErrorReply(ApiError::TenantNotFound("tenant not found")));
      case FaultKind::kStatus404:
        return Send(response, ErrorReply(ApiError::NotFound("not found")));
      case FaultKind::kTrickle:
        return Trickle(http, response, request, fault);
      case FaultKind::kDelay:
        if (!parts_.stop.SleepFor(fault.delay_ms)) return Drop(http, response);
        break;
      default:
        if (fault_status && !fault.commit) return Send(response, GatewayReply(fault_status));
    }
    Reply reply = Handle(request, fault.kind == FaultKind::kIgnoreFilter);
    if (fault.kind == FaultKind::kCloseAfterCommit) return Drop(http, response);
    if (fault_status) return Send(response, GatewayReply(fault_status));
    if (fault.kind == FaultKind::kTimeoutAfterCommit && !parts_.stop.SleepFor(fault.delay_ms)) {
      return Drop(http, response);
    }
    return Send(response, reply);
  }

  void Parse(HTTPServerRequest& http, std::string body, ApiRequest& request) {
    request.query = ParseQuery(http.getURI());
    request.content_type = http.getContentType();
    request.has_version = http.has("X-Ascenda-Version");
    if (request.has_version) request.version = http.get("X-Ascenda-Version");
    // A copy: get() answers a reference to its default, a temporary, when the header is absent.
    const std::string auth = http.get("Authorization", "");
    if (auth.size() > 7 && Poco::icompare(auth.substr(0, 7), "Bearer ") == 0) {
      request.bearer = auth.substr(7);
    }
    request.body = std::move(body);
    if (request.op != ApiOp::kToken && request.op != ApiOp::kCreate) return;
    try {
      Poco::JSON::Parser parser;
      request.json = parser.parse(request.body).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
      request.json = nullptr;  // not JSON, or not an object
    }
  }

  // The reference_id a scripted fault can be aimed at.
  std::string FaultKey(const ApiRequest& request) const {
    switch (request.op) {
      case ApiOp::kCreate:
        return request.json ? PeekReferenceId(*request.json) : "";
      case ApiOp::kListOrders: {
        auto it = request.query.find("reference_id");
        return it == request.query.end() ? "" : it->second;
      }
      case ApiOp::kGetOrder:
      case ApiOp::kResend: {
        auto order = parts_.orders.Get(request.order_id);
        return order ? order->reference_id : "";
      }
      default:
        return "";
    }
  }

  // The trickle fault: "HTTP/1.1 100 Continue" one byte per delay_ms, then
  // the answer; handled before (commit) or after the interim.
  int Trickle(HTTPServerRequest& http, HTTPServerResponse& response, const ApiRequest& request,
              const Fault& fault) {
    std::optional<Reply> reply;
    if (fault.commit) reply = Handle(request);
    static const std::string kInterim = "HTTP/1.1 100 Continue\r\n\r\n";
    try {
      auto& socket = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(http).socket();
      const Poco::Timespan gap(static_cast<Poco::Timespan::TimeDiff>(fault.delay_ms) * 1000);
      for (char byte : kInterim) {
        // A client that hangs up makes the socket readable (EOF): stop.
        if (socket.poll(gap, Poco::Net::Socket::SELECT_READ)) return Drop(http, response);
        if (socket.sendBytes(&byte, 1) != 1) return Drop(http, response);
      }
    } catch (const std::exception&) {
      return Drop(http, response);
    }
    if (!reply) reply = Handle(request);
    response.setKeepAlive(false);
    return Send(response, *reply);
  }

  Reply Handle(const ApiRequest& request, bool ignore_filter = false) {
    if (request.op != ApiOp::kToken) {
      if (auto e = ops_.CheckVersion(request)) return ErrorReply(*e);
      if (auto e = ops_.Authorize(request)) return ErrorReply(*e);
    }
    switch (request.op) {
      case ApiOp::kToken:
        return ops_.Token(request);
      case ApiOp::kListGiftCards:
        return ops_.ListGiftCards(request);
      case ApiOp::kCreate:
        return ops_.Create(request);
      case ApiOp::kListOrders:
        return ops_.ListOrders(request, ignore_filter);
      case ApiOp::kGetOrder:
        return ops_.GetOrder(request);
      case ApiOp::kResend:
        return ops_.Resend(request);
    }
    return ErrorReply(ApiError::Unexpected("unknown operation"));
  }

  // A card's logo, public like a CDN: no token, no rate limit, no faults.
  Reply LogoReply(const std::string& card_id) const {
    const GiftCard* card = parts_.catalogue.Find(card_id);
    if (card == nullptr) return ErrorReply(ApiError::NotFound("no such logo"));
    Reply reply;
    reply.content_type = "image/svg+xml";
    reply.body = LogoSvg(*card);
    reply.headers.emplace_back("Cache-Control", "public, max-age=86400");
    reply.headers.emplace_back("Access-Control-Allow-Origin", "*");
    return reply;
  }

  int Send(HTTPServerResponse& response, const Reply& reply) {
    SendReply(response, reply);
    return reply.status;
  }

  int Drop(HTTPServerRequest& http, HTTPServerResponse& response) {
    ++parts_.stats.dropped_connections;
    DropConnection(http, response);
    return 0;
  }

  SimParts& parts_;
  ApiOperations ops_;
  Poco::Logger& logger_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* ApiRouter::createRequestHandler(const HTTPServerRequest&) {
  return new ApiHandler(parts_, logger_);
}

}  // namespace ascenda_sim
