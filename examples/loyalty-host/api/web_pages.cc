#include "api/web_pages.h"

#include <fstream>
#include <sstream>

#include "http/json_reply.h"

namespace loyalty {

namespace {

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

bool IsPlainFileName(const std::string& name) {
  if (name.empty() || name[0] == '.') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return name.find("..") == std::string::npos;
}

rewards::HttpResponse WithPageHeaders(rewards::HttpResponse out) {
  out.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  out.headers.emplace_back("X-Content-Type-Options", "nosniff");
  out.headers.emplace_back("Referrer-Policy", "no-referrer");
  out.headers.emplace_back("Cache-Control", "no-cache");
  return out;
}

rewards::HttpResponse ServeFile(const std::string& path, const std::string& file_name) {
  const std::string type = WebContentType(file_name);
  std::ifstream in(path, std::ios::binary);
  if (type.empty() || !in) {
    return WithPageHeaders(ErrorReply(404, "not_found", "no such page: " + file_name));
  }
  std::ostringstream body;
  body << in.rdbuf();
  rewards::HttpResponse out;
  out.status = 200;
  out.content_type = type;
  out.body = body.str();
  return WithPageHeaders(std::move(out));
}

}  // namespace

std::string WebContentType(const std::string& file_name) {
  const std::size_t dot = file_name.rfind('.');
  if (dot == std::string::npos) return "";
  const std::string ext = file_name.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  return "";
}

rewards::Status AddWebPageRoutes(Router& router, const std::string& web_dir) {
  if (web_dir.empty()) return rewards::Status::Ok();
  HostRoutes routes(router);
  const auto page = [web_dir](const std::string& file) {
    return [web_dir, file](const rewards::HttpRequest&, const PathParams&) {
      return ServeFile(web_dir + "/" + file, file);
    };
  };
  routes.Add("GET", "/", page("index.html"));
  routes.Add("GET", "/admin/", page("admin.html"));
  routes.Add("GET", "/static/{file}",
             [web_dir](const rewards::HttpRequest&, const PathParams& params) {
               const std::string& file = params.at("file");
               if (!IsPlainFileName(file)) {
                 return WithPageHeaders(ErrorReply(404, "not_found", "no such file"));
               }
               return ServeFile(web_dir + "/static/" + file, file);
             });
  return routes.status();
}

}  // namespace loyalty
