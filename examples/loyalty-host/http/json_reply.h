// JSON answers for the host's routes, and how a rewards::Status becomes one.
//
// Errors are {"error": "<code>", "message": "..."} plus any extra fields.
// StatusReply maps codes: InvalidArgument 400, NotFound 404, Conflict 409,
// FailedPrecondition 422, PermissionDenied 403, Unauthenticated 401,
// ResourceExhausted 429 (+ Retry-After from details["retry_after_s"]),
// Unavailable 503, DeadlineExceeded 504, Unimplemented 501, Unknown and
// Internal 500; the status's details become extra fields, integers as JSON
// numbers — except a database failure ("database_unavailable" /
// "database_error"), answered as "temporarily_unavailable" / "internal_error"
// with a sentence and nothing of its internals. Pure functions.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

#include "rewards/http_router.h"
#include "rewards/status.h"

namespace loyalty {

// An object that keeps its keys in insertion order.
Poco::JSON::Object::Ptr NewObject();
Poco::JSON::Array::Ptr NewArray();

rewards::HttpResponse JsonReply(int status, const Poco::JSON::Object::Ptr& body);
rewards::HttpResponse ErrorReply(int status, const std::string& error, const std::string& message);
int HttpStatusFor(rewards::StatusCode code);
rewards::HttpResponse StatusReply(const rewards::Status& status);

// kInvalidArgument "invalid_json" unless `body` is a JSON object.
rewards::Result<Poco::JSON::Object::Ptr> ParseJsonObject(const std::string& body);

}  // namespace loyalty
