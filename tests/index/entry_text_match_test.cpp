#include "index/entry_text_match.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "index/text_words.hpp"

namespace charfinder {

TEST_CASE("the ASCII shortcut agrees with folding", "[index][describe]") {
  struct Case {
    std::string piece;
    std::vector<std::string> wanted;
    bool prefix;
  };
  const Case cases[] = {
      {"sun", {"SUN"}, false},
      {"the sun; day", {"SUN"}, false},
      {"sunny", {"SUN"}, false},
      {"sunny", {"SUN"}, true},
      {"rì, the Sun", {"SUN"}, false},  // non-ASCII elsewhere: still sure
      {"Sün", {"SUN"}, false},          // only folding finds it
      {"sunè", {"SUN"}, false},         // the run goes on past the ASCII: not SUN
      {"sun\u200Dx", {"SUN"}, false},   // a joiner does not separate
      {"cat face", {"CAT", "FACE"}, false},
      {"face of a cat", {"CAT", "FACE"}, false},
      {"cat-face", {"CAT", "FAC"}, true},
      {"cat-face", {"CAT", "FAC"}, false},
      {"ＣＡＴ face", {"CAT", "FACE"}, false},
      {"", {"SUN"}, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.piece, c.wanted, c.prefix);
    const bool folded = contains_all(folded_text_words(c.piece), c.wanted, c.prefix);
    const bool quick = ascii_contains_all(c.piece, c.wanted, c.prefix);
    if (quick) CHECK(folded);                       // sure when it says yes
    if (is_ascii(c.piece)) CHECK(quick == folded);  // exact on ASCII
  }
  CHECK_FALSE(ascii_contains_all("Sün", {"SUN"}, false));
  CHECK(ascii_contains_all("rì, the Sun", {"SUN"}, false));
}

TEST_CASE("folded pieces are the pieces folded one by one", "[index][describe]") {
  const std::string annotation =
      "Katze\x1F"
      "Katze | Tier | Gesicht | Café";
  const auto pieces = folded_pieces(TextKind::kCldrAnnotation, annotation);
  const auto raw = text_pieces(TextKind::kCldrAnnotation, annotation);
  REQUIRE(pieces.size() == raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    CHECK(pieces[i].raw == raw[i]);
    CHECK(pieces[i].words == folded_text_words(raw[i]));
  }
}

}  // namespace charfinder
