// ascenda-sim: a strict, scriptable stand-in for the Ascenda fulfilment API.
//   ascenda-sim --config=FILE      (settings: README.md)
#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Path.h>
#include <Poco/PatternFormatter.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>

#include "sim_config.h"
#include "simulator.h"

namespace {

using Poco::Util::Option;
using Poco::Util::OptionSet;

class SimApplication final : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(OptionSet& options) override {
    ServerApplication::defineOptions(options);
    options.addOption(
        Option("config", "c", "properties file with the sim.* settings")
            .required(false)
            .repeatable(false)
            .argument("FILE")
            .callback(Poco::Util::OptionCallback<SimApplication>(this, &SimApplication::OnConfig)));
    options.addOption(
        Option("help", "h", "show this help")
            .callback(Poco::Util::OptionCallback<SimApplication>(this, &SimApplication::OnHelp)));
    options.addOption(Option("version", "v", "print the version and exit")
                          .callback(Poco::Util::OptionCallback<SimApplication>(
                              this, &SimApplication::OnVersion)));
  }

  int main(const std::vector<std::string>&) override {
    if (help_) return Application::EXIT_OK;
    Poco::AutoPtr<Poco::FormattingChannel> channel(
        new Poco::FormattingChannel(new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ [%p] %s: %t"),
                                    new Poco::ConsoleChannel(std::cerr)));
    Poco::Logger& logger = Poco::Logger::get("ascenda-sim");
    logger.setChannel(channel);
    logger.setLevel(Poco::Message::PRIO_INFORMATION);

    ascenda_sim::SimConfig settings;
    std::string problems = ascenda_sim::LoadSimConfig(config(), config_dir_, settings);
    if (!problems.empty()) {
      logger.error("invalid settings:\n%s", problems);
      return Application::EXIT_CONFIG;
    }
    Poco::Net::initializeSSL();
    int code = Application::EXIT_OK;
    {
      ascenda_sim::Simulator simulator(std::move(settings), logger);
      std::string error = simulator.Start();
      if (!error.empty()) {
        logger.error("%s", error);
        code = Application::EXIT_SOFTWARE;
      } else {
        logger.information("ready");
        waitForTerminationRequest();
        logger.information("stopping");
      }
    }
    Poco::Net::uninitializeSSL();
    return code;
  }

 private:
  void OnConfig(const std::string&, const std::string& file) {
    // Any file name: the format is always Poco properties.
    config().add(new Poco::Util::PropertyFileConfiguration(file), PRIO_APPLICATION);
    config_dir_ = Poco::Path(Poco::Path(file).absolute()).parent().toString();
  }

  void OnHelp(const std::string&, const std::string&) {
    Poco::Util::HelpFormatter formatter(options());
    formatter.setCommand(commandName());
    formatter.setUsage("--config=FILE");
    formatter.setHeader("A strict, scriptable stand-in for the Ascenda fulfilment API.");
    formatter.format(std::cout);
    help_ = true;
    stopOptionsProcessing();
  }

  void OnVersion(const std::string&, const std::string&) {
    std::cout << "ascenda-sim " << ASCENDA_SIM_VERSION << "\n";
    help_ = true;  // nothing else to do
    stopOptionsProcessing();
  }

  std::string config_dir_ = Poco::Path::current();
  bool help_ = false;
};

}  // namespace

POCO_SERVER_MAIN(SimApplication)
