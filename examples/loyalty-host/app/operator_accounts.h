// AddOperatorAccount: what `loyalty-host --config=FILE --add-operator=NAME`
// does — opens the host database of `config`, applies the host's migrations,
// stores NAME's password (scrypt, as for members; replacing an older one) and
// an audit entry "operator.add" by "cli". The caller reads the password from
// standard input. kInvalidArgument for a bad name (1..64 printable characters,
// no spaces) or a password shorter than 12 characters.
#pragma once

#include <string>

#include "config/host_config.h"
#include "rewards/status.h"

namespace loyalty {

rewards::Status AddOperatorAccount(const HostConfig& config, const std::string& name,
                                   const std::string& password);

}  // namespace loyalty
