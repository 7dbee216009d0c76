#include "config/credentials.h"

#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <fstream>
#include <iterator>

namespace loyalty {

using Poco::Util::AbstractConfiguration;

Poco::AutoPtr<AbstractConfiguration> WithCredentialsDirectory(
    Poco::AutoPtr<AbstractConfiguration> file, const char* credentials_directory) {
  if (credentials_directory == nullptr || *credentials_directory == '\0') return file;
  Poco::AutoPtr<Poco::Util::MapConfiguration> env(new Poco::Util::MapConfiguration);
  env->setString("CREDENTIALS_DIRECTORY", credentials_directory);
  Poco::AutoPtr<Poco::Util::LayeredConfiguration> layered(new Poco::Util::LayeredConfiguration);
  layered->add(file, 0);
  layered->add(env, 1);
  return layered;
}

rewards::Status ReadValueOrFile(const AbstractConfiguration& config, const std::string& key,
                                std::string& out) {
  const std::string file_key = key + "_file";
  if (!config.hasProperty(file_key)) {
    if (config.hasProperty(key)) out = config.getString(key);
    return rewards::Status::Ok();
  }
  if (config.hasProperty(key)) {
    return rewards::InvalidArgument("invalid_config",
                                    key + ": set " + key + " or " + file_key + ", not both");
  }
  const std::string path = config.getString(file_key);
  std::ifstream in(path, std::ios::binary);
  if (!in) return rewards::InvalidArgument("invalid_config", file_key + ": cannot read " + path);
  std::string value((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r' || value.back() == ' ' ||
                            value.back() == '\t')) {
    value.pop_back();
  }
  if (value.empty())
    return rewards::InvalidArgument("invalid_config", file_key + ": " + path + " is empty");
  out = value;
  return rewards::Status::Ok();
}

}  // namespace loyalty
