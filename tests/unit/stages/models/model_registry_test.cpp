// The model registry (stages/models/model_steps.cpp): a kind it does not list is refused with the
// step named, as the validator would have done had the kind reached a run.
#include <toml++/toml.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "../../test_support.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "stages/models/model_steps.hpp"
#include "stages/run_context.hpp"

using namespace oremap;

TEST_CASE("models: an unknown kind is refused, naming the step", "[stages]") {
  test::TempDir dir;
  std::ostringstream log_text;
  const Log log(log_text, Verbosity::quiet);
  const project::Project project;
  RunContext ctx(project, test::make_grid(32642, 0, 3000, 1000, 3, 3), log);
  ctx.work_dir = dir.path();
  project::StepSpec step;
  step.section = "models";
  step.id = "m";
  step.kind = "boosted";
  step.table = std::make_shared<const toml::table>();
  step.at = {3, 1};
  try {
    models::run_model(ctx, step);
    FAIL("an unknown kind ran");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::project);
    CHECK(std::string(e.what()) == "model 'm': models 'm' (line 3): unknown model kind 'boosted'");
  }
  CHECK(ctx.rasters.empty());
}
