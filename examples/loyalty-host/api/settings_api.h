// Admin settings routes (JSON, admin token required):
//   GET /admin/plugins/{name}/settings -> {"plugin", "settings": [{key, type,
//       secret, required, description, validation, default, value}]} with a
//       secret's value as {"set": bool}; 404 unknown_plugin.
//   PUT /admin/plugins/{name}/settings  {key: string|number|bool, ...}
//       -> 200 and the same shape as GET; 422 invalid_settings with every
//       problem ({"problems": [{key, message}]}), nothing changed; 400 when
//       the body is not a JSON object. Omitted keys keep their value (that is
//       how a secret is left as it is). On success the plugin's subscribers
//       are told before the answer is sent.
#pragma once

#include "api/admin_auth.h"
#include "audit/audit_log.h"
#include "http/router.h"
#include "plugins/plugin_manager.h"

namespace loyalty {

rewards::Status AddSettingsRoutes(Router& router, const PluginManager& plugins,
                                  const AdminAuth& auth, AuditLog& audit);

}  // namespace loyalty
