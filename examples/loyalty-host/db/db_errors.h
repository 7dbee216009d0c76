// What a database exception means for the caller: retry the transaction, or
// give up. Poco::Data throws; the host's database room converts at its edge.
//
//   busy           SQLite could not take its lock in time (SQLITE_BUSY/LOCKED)
//   serialization  PostgreSQL 40001
//   deadlock       PostgreSQL 40P01
//   unique         a unique key race (PostgreSQL 23505; on SQLite writers are
//                  serialized, so a violation there is deterministic: kOther)
//   connection     the connection failed, could not be opened (the server
//                  is away), or the pool had none to give
//   storage        SQLite could not write its file: the disk is full or failed
//                  (not retried: waiting out an outage is the caller's call)
//   other          anything else: a bug or a schema problem, not retried
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include <string>

#include "rewards/status.h"

namespace loyalty {

enum class DbFailure { kBusy, kSerialization, kDeadlock, kUnique, kConnection, kStorage, kOther };

DbFailure ClassifyDbException(const Poco::Exception& e) noexcept;

// Whether RunInTransaction runs the work again after this failure.
bool IsRetryable(DbFailure f) noexcept;

// The Status a caller sees: kUnavailable ("database_unavailable") for busy /
// serialization / deadlock / connection / storage, kInternal ("database_error")
// otherwise. Retryable failures carry
// details["db_retry"] = the failure's name, so RunInTransaction recognizes a
// converted failure that `work` returned instead of throwing.
rewards::Status DbFailureStatus(const Poco::Exception& e) noexcept;

// As above, for an exception thrown by a statement on `session`: a failure
// the exception cannot place (kOther) is a connection failure when `session`
// has lost its connection — once libpq has dropped a connection that the
// server cut, the next statement's error carries no message and no SQLSTATE.
rewards::Status DbFailureStatus(const Poco::Exception& e, Poco::Data::Session& session) noexcept;

// The failure named by a Status's details["db_retry"], if any.
bool IsRetryableDbStatus(const rewards::Status& s) noexcept;

}  // namespace loyalty
