// The build fingerprint: what host and plugin must share for C++ interfaces
// and Poco objects to cross between them safely. Compiled into both sides
// from this one header; the host refuses a plugin whose string differs.
#pragma once

#include <Poco/Version.h>
#include <openssl/opensslv.h>

#define REWARDS_STR_(x) #x
#define REWARDS_STR(x) REWARDS_STR_(x)

#if defined(__clang__)
#define REWARDS_COMPILER "clang-" __clang_version__
#elif defined(__GNUC__)
#define REWARDS_COMPILER "gcc-" __VERSION__
#else
#define REWARDS_COMPILER "unknown"
#endif

#define REWARDS_BUILD_FINGERPRINT \
  REWARDS_COMPILER ";cxx=" REWARDS_STR(__cplusplus)                    \
  ";glibcxx_abi=" REWARDS_STR(_GLIBCXX_USE_CXX11_ABI)                  \
  ";poco=" REWARDS_STR(POCO_VERSION)                                   \
  ";openssl=" REWARDS_STR(OPENSSL_VERSION_MAJOR) "." REWARDS_STR(OPENSSL_VERSION_MINOR)
