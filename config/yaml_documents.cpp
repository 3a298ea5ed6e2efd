// config/yaml_documents.cpp
#include "config/yaml_documents.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <vector>

namespace charfinder {

DocumentCount count_documents(const std::string& text) {
  struct Starts final : YAML::EventHandler {
    std::vector<YAML::Mark> marks;  // where each document starts
    std::vector<YAML::Mark> roots;  // where each document's root node is (as LoadAll says)
    void node(const YAML::Mark& mark) {
      if (roots.size() < marks.size()) roots.push_back(mark);
    }
    void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  const std::string&) override {
      node(mark);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
      node(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
      node(mark);
    }
    void OnMapEnd() override {}
  } starts;
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentCount result;
  while (parser.HandleNextDocument(starts)) {
    const std::vector<YAML::Mark>& marks = starts.marks;
    if (marks.size() >= 2 && marks[marks.size() - 1].pos == marks[marks.size() - 2].pos) {
      result.stuck = true;
      break;
    }
  }
  result.count = starts.marks.size() - (result.stuck ? 1 : 0);
  if (starts.roots.size() >= 2) {
    result.second = starts.roots[1];
  } else if (starts.marks.size() >= 2) {
    result.second = starts.marks[1];
  }
  return result;
}

}  // namespace charfinder
