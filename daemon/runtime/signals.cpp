#include "daemon/runtime/signals.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstring>  // sigabbrev_np (a GNU extension: g++ defines _GNU_SOURCE)

namespace charfinder {

void block_termination_signals(bool block) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);  // its default action would end the process before the reload handler
  pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, nullptr);
}

void ignore_broken_pipes() {
  // Only a belt: every socket write already passes MSG_NOSIGNAL (Asio), so say it and go on.
  if (std::signal(SIGPIPE, SIG_IGN) == SIG_ERR) spdlog::warn("could not ignore SIGPIPE");
}

std::string signal_name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

}  // namespace charfinder
