// Config values that come from files, such as systemd credentials.
//
// systemd's LoadCredential=NAME:SOURCE copies SOURCE, readable only by the
// service, to $CREDENTIALS_DIRECTORY/NAME. WithCredentialsDirectory() makes
// "${CREDENTIALS_DIRECTORY}" inside any value of the host's configuration
// expand to that folder (Poco expands ${name} from the configuration itself,
// not from the environment), so a properties file can say
//   host.admin.token_file = ${CREDENTIALS_DIRECTORY}/admin-token
// Without the variable the reference stays as written and reading the file
// fails with a message naming the key.
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <string>

#include "rewards/status.h"

namespace loyalty {

// `file` layered over one entry CREDENTIALS_DIRECTORY = `credentials_directory`
// (nullptr or empty: `file` itself). The result keeps `file` alive.
Poco::AutoPtr<Poco::Util::AbstractConfiguration> WithCredentialsDirectory(
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> file, const char* credentials_directory);

// Reads the value of `key` either from the configuration or, when
// `key`_file is set, from that file (trailing whitespace and newlines cut).
// Both set, an unreadable file or an empty one: kInvalidArgument naming the
// key. Neither set: OK and `out` unchanged.
rewards::Status ReadValueOrFile(const Poco::Util::AbstractConfiguration& config,
                                const std::string& key, std::string& out);

}  // namespace loyalty
