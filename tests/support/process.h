// ChildProcess: a program under test, started as a real child process with
// its stdout and stderr appended to a log file.
//
// The destructor ends the child (SIGTERM, then SIGKILL after 5 s) and reaps
// it. Not thread-safe; one owner.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace testsupport {

class ChildProcess {
 public:
  // Throws std::runtime_error when the program cannot be started.
  static std::unique_ptr<ChildProcess> Start(const std::string& exe,
                                             const std::vector<std::string>& args,
                                             const std::string& log_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& log_file() const { return log_file_; }
  bool Running();
  void Kill(int signal);
  // Waits for the child to exit; its exit code, or 128 + signal number.
  int Wait();
  // Sends SIGTERM and waits up to `timeout_ms`, then SIGKILL.
  int Terminate(int timeout_ms = 5000);
  // The log file's contents so far.
  std::string Log() const;

 private:
  ChildProcess(pid_t pid, std::string log_file) : pid_(pid), log_file_(std::move(log_file)) {}
  pid_t pid_;
  std::string log_file_;
  bool reaped_ = false;
  int exit_code_ = -1;
};

}  // namespace testsupport
