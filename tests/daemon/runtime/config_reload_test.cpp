#include "daemon/runtime/config_reload.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace charfinder;

TEST_CASE("reload plan: live keys change, restart-only keys keep the running value",
          "[daemon][reload]") {
  const Config running;
  Config loaded;
  loaded.telnet.page_size = running.telnet.page_size + 7;
  loaded.server.threads = running.server.threads + 3;
  loaded.memory.http_cache_bytes = running.memory.http_cache_bytes / 2;
  loaded.memory.trim_after = running.memory.trim_after * 5;

  const ReloadPlan plan = plan_reload(running, loaded);
  CHECK(plan.changed == std::vector<std::string>{"telnet.page_size"});
  CHECK(plan.restart_only ==
        std::vector<std::string>{"server.threads", "memory.http_cache_bytes", "memory.trim_after"});
  CHECK(plan.next.telnet.page_size == loaded.telnet.page_size);
  CHECK(plan.next.server.threads == running.server.threads);
  CHECK(plan.next.memory == running.memory);
}

TEST_CASE("reload plan: the same file changes nothing", "[daemon][reload]") {
  const Config running;
  const ReloadPlan plan = plan_reload(running, running);
  CHECK(plan.changed.empty());
  CHECK(plan.restart_only.empty());
  CHECK(plan.next == running);
}
