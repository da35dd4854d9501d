#include "stages/sinks/site_tables/csv.hpp"

#include <algorithm>
#include <cstdio>
#include <regex>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "stages/sinks/site_tables/columns.hpp"

namespace oremap::sinks {

namespace fs = std::filesystem;
using sites::SiteRow;

namespace {

OGRLayer* create_csv_layer(GDALDataset& ds, const fs::path& path) {
  gdal::StringList options;
  options.set("LINEFORMAT", "LF");
  options.set("STRING_QUOTING", "IF_AMBIGUOUS");  // text such as "007" or "1E5" quoted: it stays text
  OGRLayer* layer = ds.CreateLayer(path.stem().string().c_str(), nullptr, wkbNone, options.get());
  if (!layer) throw OutputError(path.string() + ": cannot create the CSV layer: " + gdal::last_error());
  return layer;
}

// Spreadsheets run a cell starting with = + - @ (or a tab or carriage return) as a formula: such
// text gets a leading apostrophe, unless it is a plain number such as -12.5.
std::string neutralised(const std::string& text) {
  static const std::regex number(R"([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)");
  if (text.empty() || std::string("=+-@\t\r").find(text[0]) == std::string::npos || std::regex_match(text, number))
    return text;
  return "'" + text;
}

// GDAL (3.6) quotes every field that looks like a number under IF_AMBIGUOUS unless it is real:
// integers are declared real in CSV, so a rank is written 1, not "1" (the digits are the same).
OGRFieldType csv_type(OGRFieldType type) { return type == OFTInteger ? OFTReal : type; }

// The columns as written to CSV: integers as real, every text cell neutralised.
std::vector<SiteColumn> csv_columns(std::vector<SiteColumn> columns) {
  for (SiteColumn& c : columns) {
    if (c.type == OFTInteger) c.subtype = OFSTNone;  // no boolean real
    c.type = csv_type(c.type);
    if (c.type == OFTString)
      c.set = [set = c.set](OGRFeature& f, int i, const SiteRow& r) {
        set(f, i, r);
        if (f.IsFieldSetAndNotNull(i)) f.SetField(i, neutralised(f.GetFieldAsString(i)).c_str());
      };
  }
  return columns;
}

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", 100.0 * fraction);
  return buf;
}

using ColumnTypes = std::vector<std::pair<OGRFieldType, OGRFieldSubType>>;

ColumnTypes types_of(const std::vector<SiteColumn>& columns) {
  ColumnTypes out;
  for (const SiteColumn& c : columns) out.emplace_back(c.type, c.subtype);
  return out;
}

ColumnTypes types_of(const std::vector<std::pair<const char*, OGRFieldType>>& fields) {
  ColumnTypes out;
  for (const auto& f : fields) out.emplace_back(f.second, OFSTNone);
  return out;
}

// OGR's CSV driver reads every column as text unless a <name>.csvt beside the file gives the
// types ("Integer","Real","String"). They are the declared types, before csv_type: an integer
// is written without decimals, so it reads back as Integer.
void write_csvt(const fs::path& csv, const ColumnTypes& types) {
  std::string line;
  for (const auto& [type, subtype] : types) {
    std::string name = OGRFieldDefn::GetFieldTypeName(type);
    if (subtype != OFSTNone) name += std::string("(") + OGRFieldDefn::GetFieldSubTypeName(subtype) + ")";
    line += (line.empty() ? "\"" : ",\"") + name + "\"";
  }
  fs::path csvt = csv;
  write_text_atomically(csvt.replace_extension(".csvt"), line + "\n");
}

// The CSV and its .csvt, each written to a temporary name and renamed.
template <typename Write>
void write_csv(const fs::path& path, const ColumnTypes& types, Write&& write) {
  write_vector_file("CSV", path, [&](GDALDataset& ds) { write(*create_csv_layer(ds, path)); });
  write_csvt(path, types);
}

}  // namespace

void write_sites_csv(const fs::path& path, const sites::CommodityResult& result) {
  const std::vector<SiteColumn> declared = site_columns(result, true);
  write_csv(path, types_of(declared), [&](OGRLayer& layer) {
    std::vector<SiteColumn> columns = csv_columns(declared);
    create_fields(layer, columns, path.string());
    write_rows(layer, columns, result, false, path.string());
  });
}

void write_uncertainty_csv(const fs::path& path, const sites::CommodityResult& result) {
  std::vector<SiteColumn> all = site_columns(result, false), columns;
  for (const char* keep : {"id", "name", "rank", "status", "score", "excluded", "rank_mean", "rank_p05", "rank_p95"})
    columns.push_back(*std::find_if(all.begin(), all.end(), [&](const SiteColumn& c) { return c.name == keep; }));
  columns.push_back(
      *std::find_if(all.begin(), all.end(), [](const SiteColumn& c) { return c.name.rfind("p_top", 0) == 0; }));
  const std::string pct = percent(result.sensitivity);
  for (std::size_t k = 0; k < result.sensitivity_criteria.size(); ++k) {
    const std::string id = result.criteria[result.sensitivity_criteria[k]].id;
    columns.push_back({id + "_minus" + pct, OFTInteger, OFSTNone, [k](OGRFeature& f, int i, const SiteRow& r) {
                         if (r.rank)
                           f.SetField(i, r.rank_minus[k]);
                         else
                           f.SetFieldNull(i);
                       }});
    columns.push_back({id + "_plus" + pct, OFTInteger, OFSTNone, [k](OGRFeature& f, int i, const SiteRow& r) {
                         if (r.rank)
                           f.SetField(i, r.rank_plus[k]);
                         else
                           f.SetFieldNull(i);
                       }});
  }
  columns.push_back({"max_rank_change", OFTInteger, OFSTNone, [](OGRFeature& f, int i, const SiteRow& r) {
                       if (r.rank)
                         f.SetField(i, r.max_rank_change);
                       else
                         f.SetFieldNull(i);
                     }});
  const ColumnTypes types = types_of(columns);
  columns = csv_columns(std::move(columns));
  write_csv(path, types, [&](OGRLayer& layer) {
    create_fields(layer, columns, path.string());
    write_rows(layer, columns, result, false, path.string());
  });
}

void write_duplicates_csv(const fs::path& path, const sites::CommodityResult& result) {
  const std::vector<std::pair<const char*, OGRFieldType>> fields = {{"group", OFTInteger},   {"id", OFTString},
                                                                    {"name", OFTString},     {"distance_m", OFTReal},
                                                                    {"similarity", OFTReal}, {"kept", OFTInteger}};
  write_csv(path, types_of(fields), [&](OGRLayer& layer) {
    for (const auto& [name, type] : fields) {
      OGRFieldDefn defn(name, csv_type(type));
      if (layer.CreateField(&defn) != OGRERR_NONE)
        throw OutputError(path.string() + ": cannot create field " + name + ": " + gdal::last_error());
    }
    for (std::size_t g = 0; g < result.duplicates.size(); ++g)
      for (const sites::DuplicateRecord& r : result.duplicates[g]) {
        OGRFeature f(layer.GetLayerDefn());
        f.SetField(0, static_cast<int>(g + 1));
        f.SetField(1, neutralised(r.id).c_str());
        f.SetField(2, neutralised(r.name).c_str());
        f.SetField(3, r.distance);
        f.SetField(4, r.similarity);
        f.SetField(5, r.kept ? 1 : 0);
        if (layer.CreateFeature(&f) != OGRERR_NONE)
          throw OutputError(path.string() + ": cannot write a row: " + gdal::last_error());
      }
  });
}

void write_sensitivity_csv(const fs::path& path, const sites::CommodityResult& result) {
  const std::vector<std::pair<const char*, OGRFieldType>> fields = {
      {"criterion", OFTString},          {"direction", OFTString},        {"weight", OFTReal},
      {"new_weight", OFTReal},           {"sites_changed", OFTInteger},   {"max_rank_change", OFTInteger},
      {"mean_abs_rank_change", OFTReal}, {"top_k_unchanged", OFTInteger}, {"rank1_id", OFTString}};
  write_csv(path, types_of(fields), [&](OGRLayer& layer) {
    for (const auto& [name, type] : fields) {
      OGRFieldDefn defn(name, csv_type(type));
      if (layer.CreateField(&defn) != OGRERR_NONE)
        throw OutputError(path.string() + ": cannot create field " + name + ": " + gdal::last_error());
    }
    for (const sites::SensitivityRow& row : result.sensitivity_summary) {
      const sites::CriterionColumn& criterion = result.criteria[row.criterion];
      OGRFeature f(layer.GetLayerDefn());
      f.SetField(0, neutralised(criterion.id).c_str());
      f.SetField(1, ((row.direction < 0 ? "-" : "+") + percent(result.sensitivity) + " %").c_str());
      f.SetField(2, criterion.weight);
      f.SetField(3, row.new_weight);
      f.SetField(4, row.sites_changed);
      f.SetField(5, row.max_rank_change);
      f.SetField(6, row.mean_abs_rank_change);
      f.SetField(7, row.top_k_unchanged ? 1 : 0);
      f.SetField(8, neutralised(row.rank1_id).c_str());
      if (layer.CreateFeature(&f) != OGRERR_NONE)
        throw OutputError(path.string() + ": cannot write a row: " + gdal::last_error());
    }
  });
}

}  // namespace oremap::sinks
