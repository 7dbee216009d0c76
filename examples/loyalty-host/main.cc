// loyalty-host: the sample loyalty server that loads rewards-provider plugins.
//
//   loyalty-host --config=FILE
//   loyalty-host --config=FILE --add-operator=NAME   (password on stdin)
//
// FILE is a Poco properties file (README.md lists every key). SIGINT/SIGTERM
// stop it cleanly: HTTP server first, then each plugin (Stop with a 10 s
// deadline, tasks drained, destroy), exit code 0.
#include <Poco/AutoPtr.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>
#include <string>

#include "app/loyalty_host.h"
#include "app/operator_accounts.h"
#include "config/host_config.h"
#include "log/logging_setup.h"

namespace {

class LoyaltyHostApp : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override {
    ServerApplication::defineOptions(options);
    options.addOption(
        Poco::Util::Option("config", "c", "the host's properties file")
            .required(false)
            .repeatable(false)
            .argument("FILE")
            .callback(Poco::Util::OptionCallback<LoyaltyHostApp>(this, &LoyaltyHostApp::OnConfig)));
    options.addOption(
        Poco::Util::Option("add-operator", "",
                           "store operator NAME's password (read from standard input) and exit")
            .required(false)
            .repeatable(false)
            .argument("NAME")
            .callback(
                Poco::Util::OptionCallback<LoyaltyHostApp>(this, &LoyaltyHostApp::OnAddOperator)));
    options.addOption(
        Poco::Util::Option("help", "h", "show this help")
            .required(false)
            .repeatable(false)
            .callback(Poco::Util::OptionCallback<LoyaltyHostApp>(this, &LoyaltyHostApp::OnHelp)));
  }

  int main(const std::vector<std::string>&) override {
    if (help_) {
      Poco::Util::HelpFormatter help(options());
      help.setCommand(commandName());
      help.setUsage("--config=FILE");
      help.setHeader("A sample loyalty host that loads rewards-provider plugins.");
      help.format(std::cout);
      return EXIT_OK;
    }
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> file;
    try {
      if (config_path_.empty()) {
        file = new Poco::Util::MapConfiguration;
      } else {
        file = new Poco::Util::PropertyFileConfiguration(config_path_);
      }
    } catch (const Poco::Exception& e) {
      std::cerr << "cannot read " << config_path_ << ": " << e.displayText() << "\n";
      return EXIT_CONFIG;
    }
    auto config = loyalty::ReadHostConfig(*file);
    if (!config.ok()) {
      std::cerr << config.status().message() << "\n";
      return EXIT_CONFIG;
    }
    rewards::Status logging =
        loyalty::ConfigureLogging(config.value().log_level, config.value().log_file);
    if (!logging.ok()) {
      std::cerr << logging.message() << "\n";
      return EXIT_CONFIG;
    }
    if (!add_operator_.empty()) return AddOperator(config.value());
    Poco::Logger& log = Poco::Logger::get("host");
    auto host = loyalty::LoyaltyHost::Create(config.value());
    if (!host.ok()) {
      log.fatal("cannot start: " + host.status().ToString());
      return EXIT_SOFTWARE;
    }
    rewards::Status serving = host.value()->Serve();
    if (!serving.ok()) {
      log.fatal("cannot serve: " + serving.ToString());
      return EXIT_UNAVAILABLE;
    }
    waitForTerminationRequest();
    log.information("stopping");
    host.value()->Shutdown();
    log.information("stopped");
    return EXIT_OK;
  }

 private:
  int AddOperator(const loyalty::HostConfig& config) {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    rewards::Status s = loyalty::AddOperatorAccount(config, add_operator_, password);
    if (!s.ok()) {
      std::cerr << "operator not added: " << s.message() << "\n";
      return s.code() == rewards::StatusCode::kInvalidArgument ? EXIT_DATAERR : EXIT_SOFTWARE;
    }
    std::cout << "operator " << add_operator_ << " added\n";
    return EXIT_OK;
  }
  void OnAddOperator(const std::string&, const std::string& value) { add_operator_ = value; }
  void OnConfig(const std::string&, const std::string& value) { config_path_ = value; }
  void OnHelp(const std::string&, const std::string&) {
    help_ = true;
    stopOptionsProcessing();
  }

  std::string config_path_;
  std::string add_operator_;
  bool help_ = false;
};

}  // namespace

POCO_SERVER_MAIN(LoyaltyHostApp)
