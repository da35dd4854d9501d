#pragma once
// How each kind of map feature looks, shared by the map and its legend: infrastructure by
// class, boundaries, hatched exclusions and site symbols. Sizes scale with `u` (pixels per point).
#include <string>

#include "stages/sinks/map/cairo.hpp"
#include "stages/sinks/map/layout.hpp"
#include "stages/sinks/map/overlay.hpp"

namespace oremap::sinks::map {

// Legend text of an infrastructure class ("Railway", "Power line"...).
const char* infra_label(InfraClass c);
// Whether the class is drawn as a line (else as a point symbol).
bool infra_is_line(InfraClass c);

// Adds a shape's outline (lines, rings) to the current path, in page pixels.
void add_shape_path(cairo_t* cr, const MapTransform& t, const Shape& s);

// Strokes the current path in the style of a line class (consumes the path).
void stroke_infra_line(cairo_t* cr, InfraClass c, double u);
// A point symbol centred on (x, y).
void draw_infra_point(cairo_t* cr, InfraClass c, double x, double y, double u);
// Lines, then point symbols; towns are left to draw_place_labels (a dot only with its name).
void draw_infrastructure(cairo_t* cr, const MapTransform& t, const Overlay& layer, double u);

// Boundary line; importance 0 is the heaviest (the first layer of map.boundaries).
void stroke_boundary(cairo_t* cr, int importance, double u);
void draw_boundaries(cairo_t* cr, const MapTransform& t, const Overlay& layer, int importance, double u);

// Fills the current path with diagonal hatching (hard: dense, soft: sparse) and outlines it.
void hatch_path(cairo_t* cr, bool soft, double u);
void draw_hatched(cairo_t* cr, const MapTransform& t, const Overlay& layer, bool soft, double u);

// A ranked site: a circle of `radius` in the score's colour with the rank number inside.
void draw_site_symbol(cairo_t* cr, double x, double y, double radius, double score, int rank, double u);
// An excluded site: a grey cross.
void draw_excluded_symbol(cairo_t* cr, double x, double y, double u);
// A site not ranked for missing data: a white disc with a dashed dark ring and a question mark.
void draw_unranked_symbol(cairo_t* cr, double x, double y, double u);
double site_radius(int rank, bool labelled, double u);

}  // namespace oremap::sinks::map
