#include "db/db_errors.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SessionPool.h>

namespace loyalty {

namespace {

bool Has(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

const char* Name(DbFailure f) {
  switch (f) {
    case DbFailure::kBusy:
      return "busy";
    case DbFailure::kSerialization:
      return "serialization_failure";
    case DbFailure::kDeadlock:
      return "deadlock";
    case DbFailure::kUnique:
      return "unique_violation";
    case DbFailure::kConnection:
      return "connection";
    case DbFailure::kStorage:
      return "storage";
    case DbFailure::kOther:
      return "other";
  }
  return "other";
}

bool Disconnected(Poco::Data::Session& session) noexcept {
  try {
    return !session.isConnected();
  } catch (...) {
    return true;
  }
}

rewards::Status LostConnection(const std::string& what) {
  return rewards::Status(rewards::StatusCode::kUnavailable, "database_unavailable",
                         std::string("database: connection: the connection was lost: ") + what);
}

}  // namespace

DbFailure ClassifyDbException(const Poco::Exception& e) noexcept {
  namespace sqlite = Poco::Data::SQLite;
  namespace pg = Poco::Data::PostgreSQL;
  if (dynamic_cast<const sqlite::DBLockedException*>(&e) ||
      dynamic_cast<const sqlite::TableLockedException*>(&e)) {
    return DbFailure::kBusy;
  }
  if (dynamic_cast<const sqlite::DatabaseFullException*>(&e) ||
      dynamic_cast<const sqlite::IOErrorException*>(&e)) {
    return DbFailure::kStorage;
  }
  if (dynamic_cast<const Poco::Data::SessionPoolExhaustedException*>(&e) ||
      dynamic_cast<const Poco::Data::SessionUnavailableException*>(&e) ||
      dynamic_cast<const Poco::Data::ConnectionFailedException*>(&e) ||
      dynamic_cast<const pg::ConnectionException*>(&e)) {
    return DbFailure::kConnection;
  }
  if (dynamic_cast<const pg::PostgreSQLException*>(&e)) {
    // Poco 1.11 puts the SQLSTATE into the message as " State: NNNNN".
    const std::string text = e.displayText();
    if (Has(text, "State: 40001")) return DbFailure::kSerialization;
    if (Has(text, "State: 40P01")) return DbFailure::kDeadlock;
    if (Has(text, "State: 23505")) return DbFailure::kUnique;
    // 08: connection exceptions; 57P01-57P03: terminated by an administrator
    // (pg_terminate_backend), the server shutting down, not accepting yet.
    if (Has(text, "State: 08") || Has(text, "State: 57P0") ||
        Has(text, "server closed the connection") || Has(text, "no connection to the server") ||
        Has(text, "terminating connection")) {
      return DbFailure::kConnection;
    }
  }
  return DbFailure::kOther;
}

bool IsRetryable(DbFailure f) noexcept {
  return f == DbFailure::kBusy || f == DbFailure::kSerialization || f == DbFailure::kDeadlock ||
         f == DbFailure::kUnique;
}

rewards::Status DbFailureStatus(const Poco::Exception& e) noexcept {
  try {
    const DbFailure f = ClassifyDbException(e);
    rewards::Status::Details details;
    if (IsRetryable(f)) details["db_retry"] = Name(f);
    const bool unavailable = f != DbFailure::kOther && f != DbFailure::kUnique;
    return rewards::Status(
        unavailable ? rewards::StatusCode::kUnavailable : rewards::StatusCode::kInternal,
        unavailable ? "database_unavailable" : "database_error",
        std::string("database: ") + Name(f) + ": " + e.displayText(), details);
  } catch (...) {
    return rewards::Internal("database error");
  }
}

rewards::Status DbFailureStatus(const Poco::Exception& e, Poco::Data::Session& session) noexcept {
  try {
    if (ClassifyDbException(e) == DbFailure::kOther && Disconnected(session)) {
      return LostConnection(e.displayText());
    }
  } catch (...) {
    return rewards::Internal("database error");
  }
  return DbFailureStatus(e);
}

bool IsRetryableDbStatus(const rewards::Status& s) noexcept {
  return s.details().count("db_retry") != 0;
}

}  // namespace loyalty
