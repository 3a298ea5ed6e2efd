// daemon/runtime/signals.hpp
//
// The process's signal rules in one place. SIGTERM and SIGINT start the graceful shutdown
// and SIGHUP a reload (Server's signal_sets); run_serve keeps them blocked until those
// signal_sets exist, so a signal during start-up stays pending instead of killing the daemon.
// SIGPIPE is ignored: a write to a peer that has gone must fail with EPIPE, not end the process.
#pragma once

#include <string>

namespace charfinder {

// Blocks (true) or unblocks (false) SIGTERM, SIGINT and SIGHUP in the calling thread (threads it
// creates inherit the mask).
void block_termination_signals(bool block);

// Ignores SIGPIPE for the whole process.
void ignore_broken_pipes();

// "SIGTERM", "SIGINT"; "signal 64" for one without a name.
std::string signal_name(int sig);

}  // namespace charfinder
