#include "daemon/runtime/config_reload.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <variant>
#include <vector>

#include "daemon/search/character_search.hpp"
#include "tests/index/test_entry_index.hpp"

using namespace charfinder;
using charfinder::testing::entry_index;

TEST_CASE("reload plan: live keys change, restart-only keys keep the running value",
          "[daemon][reload]") {
  const Config running;
  Config loaded;
  loaded.telnet.page_size = running.telnet.page_size + 7;
  loaded.server.threads = running.server.threads + 3;
  loaded.memory.http_cache_bytes = running.memory.http_cache_bytes / 2;
  loaded.memory.trim_after = running.memory.trim_after * 5;

  const ReloadPlan plan = plan_reload(running, loaded, entry_index());
  CHECK(plan.changed == std::vector<std::string>{"telnet.page_size"});
  CHECK(plan.restart_only ==
        std::vector<std::string>{"server.threads", "memory.http_cache_bytes", "memory.trim_after"});
  CHECK(plan.problems.empty());
  CHECK(plan.next.telnet.page_size == loaded.telnet.page_size);
  CHECK(plan.next.server.threads == running.server.threads);
  CHECK(plan.next.memory == running.memory);
}

TEST_CASE("reload plan: the same file changes nothing", "[daemon][reload]") {
  const Config running;
  const ReloadPlan plan = plan_reload(running, running, entry_index());
  CHECK(plan.changed.empty());
  CHECK(plan.restart_only.empty());
  CHECK(plan.problems.empty());
  CHECK(plan.next == running);
}

TEST_CASE("reload plan: search.languages is live, search.sources is not", "[daemon][reload]") {
  Config running;
  running.search.languages = {"de"};
  Config loaded = running;
  loaded.search.languages = {"fr", "ja"};
  loaded.search.sources = {"names"};

  const ReloadPlan plan = plan_reload(running, loaded, entry_index());
  CHECK(plan.problems.empty());
  CHECK(plan.changed == std::vector<std::string>{"search.languages"});
  CHECK(plan.restart_only == std::vector<std::string>{"search.sources"});
  CHECK(plan.next.search.languages == std::vector<std::string>{"fr", "ja"});
  CHECK(plan.next.search.sources == running.search.sources);
}

TEST_CASE("reload plan: an unknown language is a problem, as at start-up", "[daemon][reload]") {
  Config running;
  running.search.languages = {"de"};
  Config loaded = running;
  loaded.search.languages = {"fr", "xx"};
  loaded.telnet.page_size = running.telnet.page_size + 1;

  const ReloadPlan plan = plan_reload(running, loaded, entry_index());
  REQUIRE(plan.problems.size() == 1);
  CHECK(plan.problems[0].rfind("search.languages: unknown language 'xx'", 0) == 0);

  // The same check as serve's at start-up (scope_from_config), word for word.
  const auto at_start = scope_from_config(loaded.search, entry_index());
  REQUIRE(std::holds_alternative<std::string>(at_start));
  CHECK(std::get<std::string>(at_start) == plan.problems[0]);

  // "all" and an empty list (English only) are fine.
  loaded.search.languages = {"all"};
  CHECK(plan_reload(running, loaded, entry_index()).problems.empty());
  loaded.search.languages = {};
  CHECK(plan_reload(running, loaded, entry_index()).problems.empty());
}
