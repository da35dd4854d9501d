#include "algo/weights_of_evidence.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

using namespace oremap::algo;
using Catch::Matchers::Equals;

// The worked example used throughout, areas in unit cells:
//   T = 100, D = 10; pattern B: area 20 holding 6 deposits.
//   N(B&D) = 6, N(B&~D) = 20 - 6 = 14, N(~B&D) = 10 - 6 = 4, N(~B&~D) = 80 - 4 = 76, N(~D) = 90.
//   W+ = ln[(6/10) / (14/90)] = ln(3.857142857) = 1.349926717
//   W- = ln[(4/10) / (76/90)] = ln(0.473684211) = -0.747214402
//   s2(W+) = 1/6 + 1/14 = 0.238095238 -> s = 0.487950036
//   s2(W-) = 1/4 + 1/76 = 0.263157895 -> s = 0.512989176
//   C = 1.349926717 + 0.747214402 = 2.097141119; s(C) = sqrt(0.501253133) = 0.707992325
//   studentized C = 2.097141119 / 0.707992325 = 2.962095836
TEST_CASE("wofe: binary pattern, hand-computed", "[wofe]") {
  const WeightRow w = binary_weights("B", 20, 6, 100, 10);
  CHECK(w.w_plus_defined);
  CHECK(w.w_minus_defined);
  CHECK(w.note.empty());
  CHECK(w.w_plus == Approx(1.349926717));
  CHECK(w.w_minus == Approx(-0.747214402));
  CHECK(w.s_w_plus == Approx(0.487950036));
  CHECK(w.s_w_minus == Approx(0.512989176));
  CHECK(w.contrast == Approx(2.097141119));
  CHECK(w.s_contrast == Approx(0.707992325));
  CHECK(w.stud_contrast == Approx(2.962095836));
}

TEST_CASE("wofe: unit cells convert grid cells, classes are weighed against the rest", "[wofe]") {
  // 500 m cells = 250000 m^2; unit cell 1 km^2 -> 0.25 unit cells per cell.
  // Class A: 80 cells = 20 units, 6 deposits; class B: 320 cells = 80 units, 4 deposits.
  // Same 2x2 table as the worked example; class B's W+ is class A's W- (B = not A).
  const UnitCell unit{250000.0, 1e6};
  CHECK(unit.units(80) == Approx(20));
  const auto rows = class_weights({{"A", 80, 6}, {"B", 320, 4}}, unit);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].area_units == Approx(20));
  CHECK(rows[0].w_plus == Approx(1.349926717));
  CHECK(rows[1].area_units == Approx(80));
  CHECK(rows[1].w_plus == Approx(-0.747214402));
  CHECK(rows[1].w_minus == Approx(1.349926717));
  CHECK(rows[1].stud_contrast == Approx(-2.962095836));
}

TEST_CASE("wofe: degenerate classes are flagged, never NaN or inf", "[wofe]") {
  // Class "empty" has no deposits: W+ = ln(0) undefined. W- still defined:
  //   N(~B&D) = 10, N(~B&~D) = (100 - 30) - 10 = 60, N(~D) = 90: W- = ln[(10/10)/(60/90)] = ln 1.5
  const WeightRow none = binary_weights("empty", 30, 0, 100, 10);
  CHECK_FALSE(none.w_plus_defined);
  CHECK(none.w_plus == 0.0);
  CHECK(none.s_w_plus == 0.0);
  CHECK(none.w_minus_defined);
  CHECK(none.w_minus == Approx(std::log(1.5)));
  CHECK_FALSE(none.contrast_defined());
  CHECK(none.note == "no deposits in class");

  // All 10 deposits in a 40-unit class: W- undefined.
  //   W+ = ln[(10/10) / (30/90)] = ln 3
  const WeightRow all = binary_weights("all", 40, 10, 100, 10);
  CHECK(all.w_plus == Approx(std::log(3.0)));
  CHECK_FALSE(all.w_minus_defined);
  CHECK(all.w_minus == 0.0);
  CHECK(all.note == "all deposits in class");

  // 2 deposits in 1.5 unit cells: no deposit-free area inside the class.
  const WeightRow tiny = binary_weights("tiny", 1.5, 2, 100, 10);
  CHECK_FALSE(tiny.w_plus_defined);
  CHECK(tiny.note == "class area not larger than its deposits (in unit cells)");

  for (const auto& w : {none, all, tiny})
    for (double v : {w.w_plus, w.s_w_plus, w.w_minus, w.s_w_minus, w.contrast, w.s_contrast, w.stud_contrast})
      CHECK(std::isfinite(v));
}

TEST_CASE("wofe: impossible counts throw with clear messages", "[wofe]") {
  CHECK_THROWS_WITH(binary_weights("B", 10, 0, 100, 0),
                    Equals("weights of evidence: total deposits must be > 0 (got 0); place "
                           "training deposits inside the evidence's known area"));
  CHECK_THROWS_WITH(binary_weights("B", 1, 1, 5, 5),
                    Equals("weights of evidence: total area (5 unit cells) must exceed the total "
                           "deposits (5); use a smaller unit cell"));
  CHECK_THROWS_WITH(binary_weights("B", 120, 1, 100, 5),
                    Equals("weights of evidence: class 'B': area must be in [0, 100] unit cells "
                           "(got 120)"));
  CHECK_THROWS_WITH(binary_weights("B", 10, 6, 100, 5),
                    Equals("weights of evidence: class 'B': deposits must be in [0, 5] (got 6)"));
  CHECK_THROWS_WITH(UnitCell({0, 1e6}).units(3), Equals("weights of evidence: cell_area must be > 0 m^2 (got 0)"));
}

// Ordered classes, areas in unit cells (cell = unit cell), T = 1000, D = 20:
//   c0: 20 units, 4 deposits; c1: 100, 6; c2: 300, 6; c3: 580, 4.
// Ascending splits (B = c0..ck), from the 2x2 tables:
//   k0: B 20/4   -> W+ = ln[(4/20)/(16/980)]  = 2.505525937, W- = ln[(16/20)/(964/980)] = -0.206682274
//        C = 2.712208211, s(C) = sqrt(1/4 + 1/16 + 1/16 + 1/964) = 0.613218839, C/s = 4.422904254
//   k1: B 120/10 -> W+ = ln[(10/20)/(110/980)] = 1.493925025, W- = ln[(10/20)/(870/980)] = -0.574087821
//        C = 2.068012846, s(C) = sqrt(1/10 + 1/110 + 1/10 + 1/870) = 0.458519721, C/s = 4.510193896
//   k2: B 420/16 -> C = 1.740987144, s(C) = 0.562771142, C/s = 3.093597047
//   k3: B covers everything -> W- undefined ("all deposits in class").
// k0 has the largest contrast but k1 the largest studentized contrast: k1 must be chosen.
TEST_CASE("wofe: ascending generalisation picks the largest studentized contrast", "[wofe]") {
  const UnitCell unit{1, 1};
  const std::vector<EvidenceClass> classes = {{"1km", 20, 4}, {"2km", 100, 6}, {"3km", 300, 6}, {"4km", 580, 4}};
  const auto g = cumulative_weights(classes, unit, Cumulation::ascending);
  REQUIRE(g.rows.size() == 4);
  CHECK(g.rows[0].label == "<= 1km");
  CHECK(g.rows[0].contrast == Approx(2.712208211));
  CHECK(g.rows[0].stud_contrast == Approx(4.422904254));
  CHECK(g.rows[1].w_plus == Approx(1.493925025));
  CHECK(g.rows[1].w_minus == Approx(-0.574087821));
  CHECK(g.rows[1].stud_contrast == Approx(4.510193896));
  CHECK(g.rows[2].stud_contrast == Approx(3.093597047));
  CHECK_FALSE(g.rows[3].contrast_defined());
  CHECK(g.rows[3].note == "all deposits in class");
  REQUIRE(g.threshold);
  CHECK(*g.threshold == 1);

  // Binary layer from split 1: classes 0, 1 carry W+, classes 2, 3 carry W-.
  const auto layer = binary_layer("faults", g, 1);
  CHECK(layer.weight == std::vector<double>{g.rows[1].w_plus, g.rows[1].w_plus, g.rows[1].w_minus, g.rows[1].w_minus});
  CHECK(layer.variance[0] == Approx(1.0 / 10 + 1.0 / 110));
  CHECK(layer.variance[3] == Approx(1.0 / 10 + 1.0 / 870));
}

// Descending: values increase with the class index and deposits favour high values.
//   c0: 600 units, 3 deposits; c1: 250, 5; c2: 100, 9; c3: 50, 3 (T = 1000, D = 20).
//   split 3 (B = c3, 50/3):        C/s = 1.947213374  (below 1.96: not eligible)
//   split 2 (B = c2..c3, 150/12):  C/s = 4.755311753
//   split 1 (B = c1..c3, 400/17):  C/s = 3.459902853
//   split 0 covers everything: undefined.
TEST_CASE("wofe: descending generalisation and the confidence floor", "[wofe]") {
  const UnitCell unit{1, 1};
  const std::vector<EvidenceClass> classes = {{"low", 600, 3}, {"mid", 250, 5}, {"high", 100, 9}, {"top", 50, 3}};
  const auto g = cumulative_weights(classes, unit, Cumulation::descending);
  CHECK(g.rows[3].label == ">= top");
  CHECK(g.rows[3].stud_contrast == Approx(1.947213374));
  CHECK(g.rows[2].stud_contrast == Approx(4.755311753));
  CHECK(g.rows[1].stud_contrast == Approx(3.459902853));
  CHECK_FALSE(g.rows[0].contrast_defined());
  REQUIRE(g.threshold);
  CHECK(*g.threshold == 2);
  const auto layer = binary_layer("cu_ppm", g, 2);
  CHECK(layer.weight[0] == g.rows[2].w_minus);
  CHECK(layer.weight[1] == g.rows[2].w_minus);
  CHECK(layer.weight[2] == g.rows[2].w_plus);
  CHECK(layer.weight[3] == g.rows[2].w_plus);

  // No split reaches a floor of 5: no threshold, all rows still reported.
  const auto strict = cumulative_weights(classes, unit, Cumulation::descending, 5.0);
  CHECK_FALSE(strict.threshold);
  CHECK(strict.rows.size() == 4);
}

// Posterior with the worked-example layer A (W+ = 1.349926717, s2 = 0.238095238;
// W- = -0.747214402, s2 = 0.263157895) and a made-up layer Z (in: 0.5, s2 0.04; out: -0.2,
// s2 0.01). Prior 10/100 = 0.1, prior logit ln(1/9) = -2.197224577.
TEST_CASE("wofe: posterior probability and variance", "[wofe]") {
  PosteriorModel model(100, 10);
  CHECK(model.prior_probability() == Approx(0.1));
  CHECK(model.prior_logit() == Approx(-2.197224577));
  const auto a = class_weights({{"in", 20, 6}, {"out", 80, 4}}, UnitCell{1, 1});
  model.add_layer(categorical_layer("A", a));
  model.add_layer(LayerWeights{"Z", {0.5, -0.2}, {0.04, 0.01}});

  // In A, Z missing: odds = (1/9) * (0.6 / (14/90)) = 3/7 -> P = 0.3 exactly.
  // variance = 0.3^2 * (1/10 + 1/6 + 1/14) = 0.09 * 0.338095238 = 0.030428571
  const int a_only[2] = {0, -1};
  const auto p1 = model.evaluate(a_only);
  CHECK(p1.probability == Approx(0.3));
  CHECK(p1.variance == Approx(0.030428571));
  CHECK(p1.stddev == Approx(std::sqrt(0.030428571)));

  // In A and in Z: logit = -2.197224577 + 1.349926717 + 0.5 = -0.347297860
  //   P = 1 / (1 + e^0.347297860) = 0.414037836
  //   variance = P^2 * (0.1 + 0.238095238 + 0.04) = 0.064815857
  const int both[2] = {0, 0};
  const auto p2 = model.evaluate(both);
  CHECK(p2.logit == Approx(-0.347297860));
  CHECK(p2.probability == Approx(0.414037836));
  CHECK(p2.variance == Approx(0.064815857));

  // Outside A and outside Z: logit = -2.197224577 - 0.747214402 - 0.2 = -3.144438979
  //   P = 0.041310958; variance = P^2 * (0.1 + 0.263157895 + 0.01) = 0.000636829
  const int neither[2] = {1, 1};
  const auto p3 = model.evaluate(neither);
  CHECK(p3.probability == Approx(0.041310958));
  CHECK(p3.variance == Approx(0.000636829).epsilon(1e-6));

  // All missing: the prior, variance P^2 / N(D) = 0.01 / 10.
  const int missing[2] = {-1, -1};
  CHECK(model.evaluate(missing).probability == Approx(0.1));
  CHECK(model.evaluate(missing).variance == Approx(0.001));

  const int bad[2] = {2, 0};
  CHECK_THROWS_WITH(model.evaluate(bad),
                    Equals("weights of evidence: layer 'A': class code 2 out of range (2 classes)"));
}

TEST_CASE("wofe: an undefined weight contributes 0 to the posterior", "[wofe]") {
  // Class "none" holds no deposits: its W+ is undefined and counts as 0 (prior unchanged).
  const auto rows = class_weights({{"none", 30, 0}, {"rest", 70, 10}}, UnitCell{1, 1});
  const auto layer = categorical_layer("L", rows);
  CHECK(layer.weight[0] == 0.0);
  CHECK(layer.variance[0] == 0.0);
  PosteriorModel model(100, 10);
  model.add_layer(layer);
  const int code[1] = {0};
  CHECK(model.evaluate(code).probability == Approx(0.1));
}

TEST_CASE("wofe: pairwise conditional independence (chi-square on deposits)", "[wofe]") {
  // Deposits: in both 6, only B1 2, only B2 1, neither 1 (N(D) = 10).
  // Row totals 8, 2; column totals 7, 3. Expected: 5.6, 2.4, 1.4, 0.6.
  // Every |O - E| = 0.4: chi2 = 0.16 * (1/5.6 + 1/2.4 + 1/1.4 + 1/0.6) = 0.476190476.
  // p = P(chi2_1 > 0.476190476) = 0.490152960 (numerical integration of the chi2(1) density).
  const auto t = pairwise_independence(6, 2, 1, 1);
  REQUIRE(t.defined);
  CHECK(t.expected[0][0] == Approx(5.6));
  CHECK(t.expected[0][1] == Approx(2.4));
  CHECK(t.expected[1][0] == Approx(1.4));
  CHECK(t.expected[1][1] == Approx(0.6));
  CHECK(t.chi_square == Approx(0.476190476));
  CHECK(t.p_value == Approx(0.490152960));

  // B2 holds every deposit: expected 0 outside it, the test is undefined, not NaN.
  const auto u = pairwise_independence(6, 0, 4, 0);
  CHECK_FALSE(u.defined);
  CHECK(u.note == "a pattern holds all or none of the deposits; test undefined");
  CHECK(std::isfinite(u.chi_square));
}

TEST_CASE("wofe: overall observed / predicted deposits ratio", "[wofe]") {
  const auto ok = overall_independence(20, 21);
  CHECK(ok.ratio == Approx(20.0 / 21.0));
  CHECK(ok.note.empty());
  const auto bad = overall_independence(20, 30);  // 0.667 < 0.85
  CHECK(bad.note == "ratio below 0.85: conditional independence is likely violated");
}

TEST_CASE("wofe: weights table as CSV", "[wofe]") {
  // Row 1 is the worked example; row 2 has no deposits: W+ and the contrast are left empty.
  // W- of row 2: T = 100, D = 10, area 30: ln[(10/10) / (60/90)] = ln 1.5 = 0.4054651081;
  // s(W-) = sqrt(1/10 + 1/60) = 0.3415650255.
  const std::vector<WeightRow> rows = {binary_weights("B", 20, 6, 100, 10),
                                       binary_weights("granite, \"fresh\"", 30, 0, 100, 10)};
  const std::string expected =
      "class,area_cells,deposits,w_plus,s_w_plus,w_minus,s_w_minus,contrast,s_contrast,"
      "stud_contrast,note\n"
      "B,20,6,1.349926717,0.4879500365,-0.7472144018,0.512989176,2.097141119,0.7079923254,"
      "2.962095836,\n"
      "\"granite, \"\"fresh\"\"\",30,0,,,0.4054651081,0.3415650255,,,,no deposits in class\n";
  CHECK(weights_csv(rows) == expected);
}

TEST_CASE("Agterberg-Cheng: z, one-sided p and the verdicts", "[wofe]") {
  using oremap::algo::agterberg_cheng;
  // n = 10, s^2(T) = 4 (s = 2): T = 20 -> z = 5, p = 2.866516e-7; T = 14 -> z = 2, p = 0.02275013;
  // T = 13 -> z = 1.5, p = 0.0668072; T = 8 -> z = -1, p = 0.8413447.
  const auto far = agterberg_cheng(10, 20, 4);
  CHECK(far.z == Approx(5));
  CHECK(far.p_value == Approx(2.866516e-7).epsilon(1e-6));
  CHECK(far.rejected_95);
  CHECK(far.rejected_99);
  const auto two = agterberg_cheng(10, 14, 4);
  CHECK(two.p_value == Approx(0.02275013).epsilon(1e-6));
  CHECK(two.rejected_95);
  CHECK_FALSE(two.rejected_99);
  const auto near = agterberg_cheng(10, 13, 4);
  CHECK(near.p_value == Approx(0.0668072).epsilon(1e-6));
  CHECK_FALSE(near.rejected_95);
  const auto under = agterberg_cheng(10, 8, 4);
  CHECK(under.z == Approx(-1));
  CHECK(under.p_value == Approx(0.8413447).epsilon(1e-6));
  CHECK_FALSE(under.rejected_95);
  CHECK(under.s_predicted == 2);
  CHECK_THROWS_AS(agterberg_cheng(10, 8, 0), std::invalid_argument);
}

TEST_CASE("cumulative splits: no empty, whole or repeated split is reported or chosen", "[wofe]") {
  const UnitCell unit{1, 1};
  // Classes of 10, 0, 20 and 30 cells. Ascending splits: 10 cells (kept), 10 again (the empty
  // class added: a repeat), 30 (kept), 60 = every cell (whole). Descending: 30 (kept), 50 (kept),
  // 50 again (repeat), 60 (whole).
  const std::vector<EvidenceClass> classes = {{"a", 10, 1}, {"b", 0, 0}, {"c", 20, 5}, {"d", 30, 1}};
  const auto up = cumulative_weights(classes, unit, Cumulation::ascending, 0);
  CHECK(up.rows[0].reported);
  CHECK_FALSE(up.rows[1].reported);
  CHECK(up.rows[2].reported);
  CHECK_FALSE(up.rows[3].reported);
  const auto down = cumulative_weights(classes, unit, Cumulation::descending, 0);
  CHECK(down.rows[3].reported);
  CHECK(down.rows[2].reported);
  CHECK_FALSE(down.rows[1].reported);  // same 50 cells as split 2
  CHECK_FALSE(down.rows[0].reported);
  // Split 1 of the descending side equals split 2 (c and d: 50 cells, 6 of the 7 deposits, a
  // positive contrast) and comes first, but is never the threshold: split 2 is.
  REQUIRE(down.threshold);
  CHECK(*down.threshold == 2);
  // The table lists the reported rows only: a header and two rows.
  const std::string csv = weights_csv(up.rows);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
  // A leading empty class: the first ascending split has no area.
  const auto lead = cumulative_weights({{"z", 0, 0}, {"a", 10, 1}, {"b", 20, 1}}, unit, Cumulation::ascending, 0);
  CHECK_FALSE(lead.rows[0].reported);
  CHECK(lead.rows[1].reported);
  CHECK_FALSE(lead.rows[2].reported);
  // Constant evidence (every cell in class "a" of a binary layer): its whole split is all there
  // is, so it stays in the table, its W- undefined and flagged.
  const auto constant = cumulative_weights({{"a", 50, 2}, {"b", 0, 0}}, unit, Cumulation::ascending, 0);
  CHECK(constant.rows[0].reported);
  CHECK_FALSE(constant.rows[0].w_minus_defined);
  CHECK_FALSE(constant.rows[0].note.empty());
  CHECK_FALSE(constant.threshold);
}
