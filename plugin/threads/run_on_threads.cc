#include "ascenda/threads/run_on_threads.h"

#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace ascenda {

void RunOnThreads(std::size_t threads, const std::function<void()>& work, rewards::Logger& logger,
                  std::string_view who) {
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < threads; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error& e) {  // fewer helpers; the running ones do the rest
      logger.Warning("ascenda: " + std::string(who) + " could not start a thread: " + e.what());
      break;
    }
  }
  work();  // this thread is one of them
  for (std::thread& t : helpers) t.join();
}

}  // namespace ascenda
