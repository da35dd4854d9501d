#pragma once
// Builders the schema_*.cpp files declare their keys and sections with, so a declaration reads
// as what it says:
//   number("spread").above(0).doc("The spread (> 0).")
//   text("format").one_of({"cog", "gtiff"}).otherwise("cog").doc("...")
// A default given with otherwise() is a real value: readers get it for an absent key
// (StepSpec::num, str, ...) and the reference shows it written as TOML.
#include <string>
#include <vector>

#include "project/schema.hpp"

namespace oremap::project::declare {

class KeyBuilder {
 public:
  KeyBuilder(std::string name, Type type);

  KeyBuilder& doc(std::string help);
  KeyBuilder& mandatory();
  KeyBuilder& one_of(std::vector<std::string> choices);
  KeyBuilder& at_least(double min);
  KeyBuilder& above(double min);  // exclusive
  KeyBuilder& at_most(double max);
  KeyBuilder& refers_to(Ref ref);
  KeyBuilder& items(std::size_t length);  // exact list (or row) length

  // The default value. Separate overloads so that otherwise(2000) is neither a bool nor
  // ambiguous; a value of the wrong type for the key throws std::logic_error.
  KeyBuilder& otherwise(int value);
  KeyBuilder& otherwise(double value);
  KeyBuilder& otherwise(bool value);
  KeyBuilder& otherwise(const char* value);
  KeyBuilder& otherwise(std::vector<std::string> value);
  // How the reference describes the default instead: a default computed from other values
  // ("from the grid's aspect ratio"), or a value worth a note ("\"EPSG:4326\" (lon/lat)").
  KeyBuilder& shown_as(std::string text);

  operator Key() const { return key_; }  // implicit: declarations are lists of keys

 private:
  KeyBuilder& set_default(Value value);

  Key key_;
  bool shown_ = false;  // shown_as() was given: otherwise() keeps its text
};

KeyBuilder text(std::string name);
KeyBuilder integer(std::string name);
KeyBuilder number(std::string name);
KeyBuilder flag(std::string name);
KeyBuilder texts(std::string name);              // a list of strings
KeyBuilder numbers(std::string name);            // a list of numbers
KeyBuilder number_rows(std::string name);        // a list of number lists
KeyBuilder text_table(std::string name);         // an inline table of strings
KeyBuilder text_or_numbers(std::string name);    // a string or a list of numbers
KeyBuilder number_or_numbers(std::string name);  // a number or a list of numbers

class SectionBuilder {
 public:
  SectionBuilder(std::string name, bool array);

  SectionBuilder& doc(std::string help);
  SectionBuilder& mandatory();
  SectionBuilder& keys(std::vector<Key> keys);
  // A value of `kind` and the keys it adds to those common to every table of the section.
  SectionBuilder& kind(const std::string& name, std::string help, std::vector<Key> keys);

  operator Section() const { return section_; }

 private:
  Section section_;
};

SectionBuilder table(std::string name);   // one table: [name]
SectionBuilder tables(std::string name);  // an array of tables: [[name]]

}  // namespace oremap::project::declare
