// The storefront and the operator console: static files from one folder
// (host.web.dir), served by the host so the pages talk to its JSON API from
// the same origin.
//
//   GET /                 -> <dir>/index.html   (the members' storefront)
//   GET /admin/           -> <dir>/admin.html   (the operators' console)
//   GET /static/{file}    -> <dir>/static/<file> (scripts, styles, images)
//
// Every answer carries a strict Content-Security-Policy (no inline script or
// style; images also from https: for the provider's logos) and
// X-Content-Type-Options: nosniff. A file name with "/" or "..", or an
// extension without a known content type, answers 404. Files are read per
// request (the pages are small), so editing them needs no restart.
// Thread-safe: reads only.
#pragma once

#include <string>

#include "http/router.h"

namespace loyalty {

// The content type of a file name's extension ("" when not served).
std::string WebContentType(const std::string& file_name);

// REQUIRES: `web_dir` outlives nothing (copied). An empty `web_dir` adds no
// routes.
rewards::Status AddWebPageRoutes(Router& router, const std::string& web_dir);

}  // namespace loyalty
