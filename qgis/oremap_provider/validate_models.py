"""Processing algorithm: run the models and report how well they find the known deposits (ROC
AUC with its confidence interval, success and prediction rates, spatial cross-validation), as
oremap validate-model --json writes them."""

import json

from qgis.core import QgsProcessingOutputString, QgsProcessingParameterFileDestination

from .algorithm import PROJECT, OremapAlgorithm
from .oremap_command import OremapCommand

OUTPUT = "OUTPUT"


class ValidateModels(OremapAlgorithm):
    def name(self):
        return "validate_model"

    def displayName(self):  # noqa: N802
        return "Validate models"

    def shortHelpString(self):  # noqa: N802
        return (
            "Runs the project's models and measures them against the known deposits: ROC AUC with a "
            "confidence interval, success- and prediction-rate AUC, spatial cross-validation and the "
            "independent test. Every figure is written to a JSON file at full precision; a summary goes "
            "to the log. The output folder of the last run is not touched."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_project_parameter()
        self.add_threads_parameter()
        self.addParameter(QgsProcessingParameterFileDestination(OUTPUT, "Validation figures", "JSON files (*.json)"))
        self.addOutput(QgsProcessingOutputString("SUMMARY", "One line per model"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        project = self.parameterAsFile(parameters, PROJECT, context)
        target = self.parameterAsFileOutput(parameters, OUTPUT, context)
        _, text = OremapCommand(self.executable(), feedback).run(
            "validate-model", project, "--json", *self.thread_arguments(parameters, context)
        )
        figures = json.loads(text)
        with open(target, "w", encoding="utf-8") as f:
            json.dump(figures, f, indent=2)
        summary = "\n".join(summary_lines(figures))
        for line in summary.splitlines():
            feedback.pushInfo(line)
        return {OUTPUT: target, "SUMMARY": summary}


def summary_lines(figures):
    """'<model> (<commodity>): ROC AUC 0.923 [0.762, 1.000], 5 deposits' per model, with the
    spatial cross-validation's mean AUC when it ran."""
    for model in figures.get("models", []):
        roc = (model.get("fit") or {}).get("roc")
        if model.get("skipped") or not roc:
            yield f"{model.get('id')}: not validated ({model.get('skipped') or 'no ROC'})"
            continue
        line = (
            f"{model['id']} ({model['commodity']}): ROC AUC {roc['auc']:.3f} "
            f"[{roc['ci95_low']:.3f}, {roc['ci95_high']:.3f}], {int(roc['positives'])} deposit cells"
        )
        cv = model.get("spatial_cv") or {}
        if cv.get("ran") and cv.get("mean_auc") is not None:
            line += f"; spatial CV mean AUC {cv['mean_auc']:.3f} over {cv['scored_folds']} folds"
        yield line
