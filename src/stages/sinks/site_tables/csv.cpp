#include "stages/sinks/site_tables/csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

#include "core/error.hpp"
#include "stages/sinks/site_tables/columns.hpp"
#include "stages/sites/ranking.hpp"

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

template <typename Write>
void write_csv(const fs::path& path, Write&& write) {
  write_vector_file("CSV", path, [&](GDALDataset& ds) { write(*create_csv_layer(ds, path)); });
}

}  // namespace

void write_sites_csv(const fs::path& path, const sites::CommodityResult& result) {
  write_csv(path, [&](OGRLayer& layer) {
    std::vector<SiteColumn> columns = csv_columns(site_columns(result, true));
    create_fields(layer, columns, path.string());
    write_rows(layer, columns, result, false, path.string());
  });
}

void write_uncertainty_csv(const fs::path& path, const sites::CommodityResult& result) {
  std::vector<SiteColumn> all = site_columns(result, false), columns;
  for (const char* keep : {"id", "name", "rank", "score", "excluded", "rank_mean", "rank_p05", "rank_p95"})
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
  columns.push_back(
      {"max_rank_change", OFTInteger, OFSTNone, [](OGRFeature& f, int i, const SiteRow& r) {
         if (!r.rank) return f.SetFieldNull(i);
         int worst = 0;
         for (std::size_t k = 0; k < r.rank_minus.size(); ++k)
           worst = std::max({worst, std::abs(r.rank_minus[k] - r.rank), std::abs(r.rank_plus[k] - r.rank)});
         f.SetField(i, worst);
       }});
  columns = csv_columns(std::move(columns));
  write_csv(path, [&](OGRLayer& layer) {
    create_fields(layer, columns, path.string());
    write_rows(layer, columns, result, false, path.string());
  });
}

void write_sensitivity_csv(const fs::path& path, const sites::CommodityResult& result) {
  write_csv(path, [&](OGRLayer& layer) {
    const std::vector<std::pair<const char*, OGRFieldType>> fields = {
        {"criterion", OFTString},          {"direction", OFTString},        {"weight", OFTReal},
        {"new_weight", OFTReal},           {"sites_changed", OFTInteger},   {"max_rank_change", OFTInteger},
        {"mean_abs_rank_change", OFTReal}, {"top_k_unchanged", OFTInteger}, {"rank1_id", OFTString}};
    for (const auto& [name, type] : fields) {
      OGRFieldDefn defn(name, csv_type(type));
      if (layer.CreateField(&defn) != OGRERR_NONE)
        throw OutputError(path.string() + ": cannot create field " + name + ": " + gdal::last_error());
    }
    std::vector<double> declared;
    for (const auto& c : result.criteria) declared.push_back(c.weight);
    for (std::size_t k = 0; k < result.sensitivity_criteria.size(); ++k) {
      const std::size_t crit = result.sensitivity_criteria[k];
      for (int sign : {-1, 1}) {
        std::vector<double> w = declared;
        w[crit] *= 1.0 + sign * result.sensitivity;
        w = sites::normalise(w);
        int changed = 0, worst = 0, ranked = 0;
        double sum = 0;
        std::set<std::string> top_before, top_after;
        std::string rank1;
        for (const SiteRow& r : result.rows) {
          if (!r.rank) continue;
          const int moved = (sign < 0 ? r.rank_minus[k] : r.rank_plus[k]);
          ++ranked;
          changed += moved != r.rank;
          worst = std::max(worst, std::abs(moved - r.rank));
          sum += std::abs(moved - r.rank);
          if (r.rank <= result.top_k) top_before.insert(r.id);
          if (moved <= result.top_k) top_after.insert(r.id);
          if (moved == 1) rank1 = r.id;
        }
        OGRFeature f(layer.GetLayerDefn());
        f.SetField(0, neutralised(result.criteria[crit].id).c_str());
        f.SetField(1, ((sign < 0 ? "-" : "+") + percent(result.sensitivity) + " %").c_str());
        f.SetField(2, result.criteria[crit].weight);
        f.SetField(3, w[crit]);
        f.SetField(4, changed);
        f.SetField(5, worst);
        f.SetField(6, ranked ? sum / ranked : 0.0);
        f.SetField(7, top_before == top_after ? 1 : 0);
        f.SetField(8, neutralised(rank1).c_str());
        if (layer.CreateFeature(&f) != OGRERR_NONE)
          throw OutputError(path.string() + ": cannot write a row: " + gdal::last_error());
      }
    }
  });
}

}  // namespace oremap::sinks
