#include "db/caching_connector.h"

#include <Poco/Data/Connector.h>
#include <Poco/Data/SessionFactory.h>
#include <sqlite3.h>

#include <mutex>

namespace loyalty {

namespace {

class CachingSqliteConnector : public Poco::Data::Connector {
 public:
  const std::string& name() const override { return name_; }
  Poco::AutoPtr<Poco::Data::SessionImpl> createSession(const std::string& connection,
                                                       std::size_t timeout) override {
    return Poco::AutoPtr<Poco::Data::SessionImpl>(new CachingSqliteSession(connection, timeout));
  }

 private:
  const std::string name_ = kCachingSqliteConnector;
};

}  // namespace

void RegisterCachingConnector() {
  static std::once_flag once;
  std::call_once(once,
                 [] { Poco::Data::SessionFactory::instance().add(new CachingSqliteConnector()); });
}

CachingSqliteSession::CachingSqliteSession(const std::string& file, std::size_t login_timeout)
    : Poco::Data::SQLite::SessionImpl(file, login_timeout),
      db_(Poco::AnyCast<sqlite3*>(getProperty("handle"))) {
  poco_check_ptr(db_);
}

Poco::SharedPtr<Poco::Data::StatementImpl> CachingSqliteSession::createStatementImpl() {
  return new CachedSqliteStatement(*this, db_, cache_);
}

void CachingSqliteSession::close() {
  cache_.Clear();
  Poco::Data::SQLite::SessionImpl::close();
}

}  // namespace loyalty
