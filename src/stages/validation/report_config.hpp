#pragma once
// The typed content of [report] (keys declared in project/schema_report.cpp), with defaults: the
// validation settings, and top_n, which the report sink shows.
#include <cstdint>
#include <map>
#include <string>

#include "project/project.hpp"

namespace oremap::validation {

struct ReportConfig {
  std::map<std::string, std::string> deposits;       // commodity -> deposit layer id
  std::map<std::string, std::string> test_deposits;  // commodity -> independent test layer (never fitted)
  std::map<std::string, std::string> negatives;      // commodity -> layer of known barren sites
  bool per_cell = false;                             // a cell holding k deposits counts once (else k times)
  int folds = 0;                                     // defaults of these: project/schema_report.cpp
  double block_size = 0;                             // m
  double holdout = 0;
  std::uint64_t seed = 0;
  int top_n = 0;
};

// Throws ProjectError (file:line:column) when a `deposits`, `test_deposits` or `negatives` entry
// names an unknown commodity or a layer that is not declared (the schema checks types and
// ranges, not table values), or when a test layer is the training layer of a data-driven model
// of its commodity (it would not be independent).
ReportConfig read_report_config(const project::Project& project);

}  // namespace oremap::validation
