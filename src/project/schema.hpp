#pragma once
// The project file's keys, declared once: validation, "did you mean" suggestions and the
// reference in docs/project-file.md (`oremap schema`) all come from these declarations.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace oremap::project {

// number_rows: a list of number lists (e.g. reclassification ranges); string_table: an inline
// table of string values (e.g. { copper = "cu_listed = 1" }); string_or_numbers: either a string
// or a list of numbers (e.g. align = "dem" or align = [200010, 3000020]); number_or_numbers:
// a number or a list of numbers (cell_size = 30 or cell_size = [30, 20]).
enum class Type {
  string,
  integer,
  number,
  boolean,
  string_list,
  number_list,
  number_rows,
  string_table,
  table,
  string_or_numbers,
  number_or_numbers
};

// What a value must point at, checked after every table has been read.
enum class Ref {
  none,
  layer,      // an id from [[layers]]
  raster,     // an id of a raster-valued step: a raster layer, an evidence step or a model
  step,       // any id (layer, evidence or model)
  path,       // a file that must exist, relative to the project file's folder
  crs,        // a CRS PROJ can parse
  directory,  // an output folder (created if missing)
};

// The value an absent key reads as (StepSpec::num, str, ...): integer keys hold an int64, number
// keys a double; monostate when the key has no single default.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string, std::vector<std::string>>;

// One key, declared with the builder of schema_builder.hpp.
struct Key {
  std::string name;
  Type type = Type::string;
  bool required = false;
  std::string help;
  std::vector<std::string> choices = {};  // allowed string values (also list items)
  std::optional<double> min = {};         // inclusive unless min_exclusive
  std::optional<double> max = {};
  bool min_exclusive = false;
  Ref ref = Ref::none;
  Value default_value = {};
  std::string default_text = {};  // as shown in docs; empty = no default
  std::size_t length = 0;         // exact list length, 0 = any
};

// A table kind: either one table ([grid]) or an array of tables ([[layers]]).
// Array tables may be "kinded": the `kind` key selects an extra key set.
struct Section {
  std::string name;
  bool array = false;
  bool required = false;
  std::string help;
  std::vector<Key> keys;                          // keys common to every table of the section
  std::map<std::string, std::vector<Key>> kinds;  // kind value -> extra keys
  std::map<std::string, std::string> kind_help;
};

// Sections declared next to the stages that read them (schema_*.cpp).
Section evidence_section();
Section models_section();
Section outputs_section();
Section sites_section();
Section criteria_section();
Section exclusions_section();
Section map_section();     // schema_map.cpp
Section viewer_section();  // schema_viewer.cpp
Section report_section();  // schema_report.cpp

// Every section of the project file, in documentation order.
const std::vector<Section>& project_schema();
const Section* find_section(const std::string& name);
// A key of a section, common to its tables or of table kind `kind`; nullptr when undeclared.
const Key* find_key(const std::string& section, const std::string& kind, const std::string& name);
// The declared default of a key when it is a T (std::string, double, std::int64_t, bool or
// std::vector<std::string>); nullopt when the key declares none.
template <typename T>
std::optional<T> default_of(const std::string& section, const std::string& name, const std::string& kind = "") {
  const Key* key = find_key(section, kind, name);
  const T* value = key ? std::get_if<T>(&key->default_value) : nullptr;
  return value ? std::optional<T>(*value) : std::nullopt;
}

const char* type_name(Type t);

// Ids are names: they become output file names (<output>/<id>.tif, <id>_weights.csv, ...), so
// every `id` must be 1 to 64 ASCII letters, digits, '_' or '-', start with a letter, and not be a
// Windows device name (con, prn, aux, nul, com1-com9, lpt1-lpt9, any case).
bool is_safe_name(const std::string& id);
// The rule above in one sentence, for messages and the generated reference.
extern const char* const kNameRule;

// Markdown reference of every section and key (docs/project-file.md is generated from it).
std::string schema_markdown();

}  // namespace oremap::project
