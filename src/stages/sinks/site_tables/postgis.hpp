#pragma once
// The ranked sites written to PostGIS ([outputs] postgis = "PG:..."), with the same columns and
// geometries (grid CRS) as sites.gpkg: one table sites_<commodity> per commodity, each dropped and
// recreated inside one transaction, so a reader sees the old table or the new one, never half.
#include <string>
#include <vector>

#include "core/grid.hpp"
#include "gdal/handles.hpp"
#include "stages/sites/site_result.hpp"

namespace oremap::sinks {

// Opens the connection for writing. Throws InputError (exit 3) when the server cannot be
// reached or refuses the login; the message never shows the password.
gdal::DatasetPtr connect_postgis(const std::string& connection);

// Throws InputError (connection) or OutputError (a table could not be written; that table
// keeps its previous content).
void write_sites_postgis(const std::string& connection, const std::vector<sites::CommodityResult>& results,
                         const Grid& grid);

}  // namespace oremap::sinks
