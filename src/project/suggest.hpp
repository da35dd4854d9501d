#pragma once
// "Did you mean" suggestions for misspelt keys, values and ids.
#include <string>
#include <vector>

namespace oremap::project {

std::size_t edit_distance(const std::string& a, const std::string& b);

// The closest candidate within a typo's reach, or "" when none is close enough.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace oremap::project
