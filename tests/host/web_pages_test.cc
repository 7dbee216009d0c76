// The static pages handler (api/web_pages.h): which files it serves, with
// which content type, and the security headers on every answer.
#include "api/web_pages.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "http/router.h"

namespace {

namespace fs = std::filesystem;

class WebPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/web-pages-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    fs::create_directories(dir_ + "/static");
    Write("index.html", "<p>store</p>");
    Write("admin.html", "<p>console</p>");
    Write("static/store.js", "export {};");
    Write("static/notes.txt", "not served");
    Write("secret.js", "outside static");
    ASSERT_TRUE(loyalty::AddWebPageRoutes(router_, dir_).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(dir_ + "/" + rel) << text;
  }

  rewards::HttpResponse Get(const std::string& path) {
    loyalty::RouteMatch m = router_.Find("GET", path);
    if (m.kind != loyalty::RouteMatch::kFound) {
      rewards::HttpResponse none;
      none.status = 0;  // no route
      return none;
    }
    rewards::HttpRequest req;
    req.method = "GET";
    req.path = path;
    return m.handler(req, m.params);
  }

  static std::string Header(const rewards::HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  std::string dir_;
  loyalty::Router router_;
};

TEST_F(WebPagesTest, ServesTheStorefrontTheConsoleAndStaticFilesWithTheirTypes) {
  rewards::HttpResponse store = Get("/");
  EXPECT_EQ(store.status, 200);
  EXPECT_EQ(store.body, "<p>store</p>");
  EXPECT_EQ(store.content_type, "text/html; charset=utf-8");
  rewards::HttpResponse console = Get("/admin/");
  EXPECT_EQ(console.body, "<p>console</p>");
  rewards::HttpResponse script = Get("/static/store.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
}

TEST_F(WebPagesTest, EveryAnswerCarriesTheContentSecurityPolicyAndNosniff) {
  for (const std::string path : {"/", "/static/store.js", "/static/missing.css"}) {
    rewards::HttpResponse r = Get(path);
    const std::string csp = Header(r, "Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
    EXPECT_NE(csp.find("style-src 'self'"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff") << path;
  }
}

TEST_F(WebPagesTest, RefusesUnknownTypesMissingFilesAndPathsOutOfTheFolder) {
  EXPECT_EQ(Get("/static/notes.txt").status, 404);
  EXPECT_EQ(Get("/static/missing.css").status, 404);
  EXPECT_EQ(Get("/static/..").status, 404);
  EXPECT_EQ(Get("/static/.hidden.js").status, 404);
  EXPECT_EQ(Get("/static/%2e%2e%2fsecret.js").status, 404);
  EXPECT_EQ(Get("/static/../secret.js").status, 0);  // two segments: no route
}

TEST(WebContentTypeTest, KnowsTheTypesThePagesUse) {
  EXPECT_EQ(loyalty::WebContentType("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(loyalty::WebContentType("a.svg"), "image/svg+xml");
  EXPECT_EQ(loyalty::WebContentType("a.png"), "image/png");
  EXPECT_EQ(loyalty::WebContentType("Makefile"), "");
}

TEST(WebPagesNoFolderTest, AnEmptyFolderAddsNoRoutes) {
  loyalty::Router router;
  EXPECT_TRUE(loyalty::AddWebPageRoutes(router, "").ok());
  EXPECT_EQ(router.Find("GET", "/").kind, loyalty::RouteMatch::kNotFound);
}

}  // namespace
