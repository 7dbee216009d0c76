// loyalty-host: the sample loyalty server that loads rewards-provider plugins.
//
//   loyalty-host --config=FILE
//   loyalty-host --config=FILE --add-operator=NAME   (password on stdin)
//   loyalty-host --version     (the host's version and its host-api ABI)
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
#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include "app/loyalty_host.h"
#include "app/malloc_arenas.h"
#include "app/operator_accounts.h"
#include "app/service_notify.h"
#include "app/service_readiness.h"
#include "config/credentials.h"
#include "config/host_config.h"
#include "log/logging_setup.h"
#include "rewards/plugin_entry.h"

namespace {

// Under systemd's default start timeout (90 s).
constexpr std::chrono::milliseconds kReadinessLimit{60000};

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
    options.addOption(Poco::Util::Option("version", "v", "print the version and exit")
                          .required(false)
                          .repeatable(false)
                          .callback(Poco::Util::OptionCallback<LoyaltyHostApp>(
                              this, &LoyaltyHostApp::OnVersion)));
  }

  int main(const std::vector<std::string>&) override {
    if (version_) {
      std::cout << "loyalty-host " << LOYALTY_HOST_VERSION << " (host-api ABI "
                << rewards::kAbiMajor << "." << rewards::kAbiMinor << ")\n";
      return EXIT_OK;
    }
    if (help_) {
      Poco::Util::HelpFormatter help(options());
      help.setCommand(commandName());
      help.setUsage("--config=FILE");
      help.setHeader("A sample loyalty host that loads rewards-provider plugins.");
      help.format(std::cout);
      return EXIT_OK;
    }
    // Before any thread.
    loyalty::LimitMallocArenas(loyalty::kHostMallocArenas, std::getenv("MALLOC_ARENA_MAX"));
    BlockStopSignals();
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
    file = loyalty::WithCredentialsDirectory(file, std::getenv("CREDENTIALS_DIRECTORY"));
    auto config = loyalty::ReadHostConfig(*file);
    if (!config.ok()) {
      std::cerr << config.status().message() << "\n";
      return EXIT_CONFIG;
    }
    rewards::Status logging = loyalty::ConfigureLogging(
        config.value().log_level, config.value().log_file, config.value().log_format);
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
    // systemd (Type=notify): ready once the catalogue is served or has failed.
    loyalty::ReadinessNotifier ready(
        [&host] { return loyalty::ProbeCatalogue(host.value()->locator().Active()); },
        [&log](const std::string& state) {
          rewards::Status s = loyalty::NotifyServiceManager(state);
          if (!s.ok()) log.warning(s.message());
        },
        kReadinessLimit);
    waitForTerminationRequest();
    ready.Stop();
    (void)loyalty::NotifyServiceManager("STOPPING=1");
    log.information("stopping");
    host.value()->Shutdown();
    log.information("stopped");
    return EXIT_OK;
  }

 private:
  // SIGINT, SIGQUIT and SIGTERM blocked here, before the host starts any
  // thread, so every thread inherits the mask: a stop request that arrives
  // while the host is still starting waits in the kernel until
  // waitForTerminationRequest's sigwait takes it (Poco blocks the same set
  // only there, in the main thread — too late for threads already running,
  // one of which would otherwise die of the signal's default action).
  static void BlockStopSignals() {
    sigset_t stop;
    sigemptyset(&stop);
    if (std::getenv("POCO_ENABLE_DEBUGGER") == nullptr) sigaddset(&stop, SIGINT);  // as Poco does
    sigaddset(&stop, SIGQUIT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  }

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

  void OnVersion(const std::string&, const std::string&) {
    version_ = true;
    stopOptionsProcessing();
  }

  std::string config_path_;
  std::string add_operator_;
  bool help_ = false;
  bool version_ = false;
};

}  // namespace

POCO_SERVER_MAIN(LoyaltyHostApp)
