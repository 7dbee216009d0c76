#include "log/logging_setup.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>

#include "log/log_format.h"

namespace loyalty {

rewards::Status ConfigureLogging(const std::string& level, const std::string& file,
                                 const std::string& format) {
  Poco::AutoPtr<Poco::Formatter> formatter(NewLogFormatter(format));
  if (formatter.isNull()) {
    return rewards::InvalidArgument("invalid_logging", "host.log.format: " + format);
  }
  try {
    Poco::AutoPtr<Poco::Channel> sink;
    if (file.empty()) {
      sink = new Poco::ConsoleChannel;
    } else {
      Poco::Path parent = Poco::Path(file).makeParent();
      if (!parent.toString().empty()) Poco::File(parent).createDirectories();
      Poco::AutoPtr<Poco::FileChannel> fc(new Poco::FileChannel(file));
      fc->setProperty("flush", "true");
      sink = fc;
    }
    Poco::AutoPtr<Poco::FormattingChannel> formatting(new Poco::FormattingChannel(formatter, sink));
    formatting->open();
    const int prio = Poco::Logger::parseLevel(level);
    Poco::Logger::root().setChannel(formatting);
    Poco::Logger::root().setLevel(prio);
    Poco::Logger::setChannel("", formatting);
    Poco::Logger::setLevel("", prio);
    return rewards::Status::Ok();
  } catch (const Poco::Exception& e) {
    return rewards::InvalidArgument("invalid_logging", e.displayText());
  }
}

}  // namespace loyalty
