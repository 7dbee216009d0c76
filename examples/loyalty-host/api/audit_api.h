// GET /admin/audit?page=&page_size= (admin): the audit log, newest first —
// 200 {"data":[{"id","at","actor","action","target","before","after"}],
// "meta":{"page","page_size","total_count","total_pages"}}; before and after
// are the recorded JSON (secrets masked), parsed back into objects.
#pragma once

#include "api/admin_auth.h"
#include "audit/audit_log.h"
#include "http/router.h"

namespace loyalty {

rewards::Status AddAuditRoutes(Router& router, AuditLog& audit, const AdminAuth& auth);

}  // namespace loyalty
