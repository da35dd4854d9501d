#include "project/schema_builder.hpp"

#include <cmath>
#include <stdexcept>

#include "core/number_text.hpp"

namespace oremap::project::declare {

namespace {

// The default as the reference writes it: TOML.
std::string toml_text(const Value& v) {
  struct {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return significant_text(d, 15); }  // 1000000, not 1e+06
    std::string operator()(const std::string& s) const { return "\"" + s + "\""; }
    std::string operator()(const std::vector<std::string>& list) const {
      std::string out;
      for (const auto& s : list) out += (out.empty() ? "" : ", ") + ("\"" + s + "\"");
      return "[" + out + "]";
    }
  } text;
  return std::visit(text, v);
}

}  // namespace

KeyBuilder::KeyBuilder(std::string name, Type type) {
  key_.name = std::move(name);
  key_.type = type;
}

KeyBuilder& KeyBuilder::doc(std::string help) {
  key_.help = std::move(help);
  return *this;
}
KeyBuilder& KeyBuilder::mandatory() {
  key_.required = true;
  return *this;
}
KeyBuilder& KeyBuilder::one_of(std::vector<std::string> choices) {
  key_.choices = std::move(choices);
  return *this;
}
KeyBuilder& KeyBuilder::at_least(double min) {
  key_.min = min;
  key_.min_exclusive = false;
  return *this;
}
KeyBuilder& KeyBuilder::above(double min) {
  key_.min = min;
  key_.min_exclusive = true;
  return *this;
}
KeyBuilder& KeyBuilder::at_most(double max) {
  key_.max = max;
  return *this;
}
KeyBuilder& KeyBuilder::refers_to(Ref ref) {
  key_.ref = ref;
  return *this;
}
KeyBuilder& KeyBuilder::items(std::size_t length) {
  key_.length = length;
  return *this;
}

KeyBuilder& KeyBuilder::otherwise(int value) {
  if (key_.type == Type::integer) return set_default(std::int64_t{value});
  return otherwise(static_cast<double>(value));
}
KeyBuilder& KeyBuilder::otherwise(double value) {
  if (key_.type == Type::integer && value == std::floor(value)) return set_default(static_cast<std::int64_t>(value));
  if (key_.type != Type::number) throw std::logic_error("schema: the default of '" + key_.name + "' is not a number");
  return set_default(value);
}
KeyBuilder& KeyBuilder::otherwise(bool value) {
  if (key_.type != Type::boolean) throw std::logic_error("schema: the default of '" + key_.name + "' is not a flag");
  return set_default(value);
}
KeyBuilder& KeyBuilder::otherwise(const char* value) {
  if (key_.type != Type::string) throw std::logic_error("schema: the default of '" + key_.name + "' is not a string");
  return set_default(std::string(value));
}
KeyBuilder& KeyBuilder::otherwise(std::vector<std::string> value) {
  if (key_.type != Type::string_list)
    throw std::logic_error("schema: the default of '" + key_.name + "' is not a list of strings");
  return set_default(std::move(value));
}
KeyBuilder& KeyBuilder::shown_as(std::string text) {
  key_.default_text = std::move(text);
  shown_ = true;
  return *this;
}

KeyBuilder& KeyBuilder::set_default(Value value) {
  key_.default_value = std::move(value);
  if (!shown_) key_.default_text = toml_text(key_.default_value);
  return *this;
}

KeyBuilder text(std::string name) { return {std::move(name), Type::string}; }
KeyBuilder integer(std::string name) { return {std::move(name), Type::integer}; }
KeyBuilder number(std::string name) { return {std::move(name), Type::number}; }
KeyBuilder flag(std::string name) { return {std::move(name), Type::boolean}; }
KeyBuilder texts(std::string name) { return {std::move(name), Type::string_list}; }
KeyBuilder numbers(std::string name) { return {std::move(name), Type::number_list}; }
KeyBuilder number_rows(std::string name) { return {std::move(name), Type::number_rows}; }
KeyBuilder text_table(std::string name) { return {std::move(name), Type::string_table}; }
KeyBuilder text_or_numbers(std::string name) { return {std::move(name), Type::string_or_numbers}; }
KeyBuilder number_or_numbers(std::string name) { return {std::move(name), Type::number_or_numbers}; }

SectionBuilder::SectionBuilder(std::string name, bool array) {
  section_.name = std::move(name);
  section_.array = array;
}

SectionBuilder& SectionBuilder::doc(std::string help) {
  section_.help = std::move(help);
  return *this;
}
SectionBuilder& SectionBuilder::mandatory() {
  section_.required = true;
  return *this;
}
SectionBuilder& SectionBuilder::keys(std::vector<Key> keys) {
  section_.keys = std::move(keys);
  return *this;
}
SectionBuilder& SectionBuilder::kind(const std::string& name, std::string help, std::vector<Key> keys) {
  section_.kinds[name] = std::move(keys);
  section_.kind_help[name] = std::move(help);
  return *this;
}

SectionBuilder table(std::string name) { return {std::move(name), false}; }
SectionBuilder tables(std::string name) { return {std::move(name), true}; }

}  // namespace oremap::project::declare
