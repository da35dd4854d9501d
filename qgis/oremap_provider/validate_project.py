"""Processing algorithm: check a project file (keys, types, ranges, ids, files) without running it."""

import json

from qgis.core import QgsProcessingException, QgsProcessingOutputBoolean, QgsProcessingOutputString

from .algorithm import OremapAlgorithm, PROJECT
from .oremap_command import OremapCommand

PROJECT_ERROR = 2  # oremap's exit code for problems in the project file


class ValidateProject(OremapAlgorithm):
    def name(self):
        return "validate"

    def displayName(self):  # noqa: N802
        return "Validate project"

    def shortHelpString(self):  # noqa: N802
        return (
            "Checks an oremap project file (keys, types, ranges, layer ids and files) and stops. Each problem "
            "is listed with its file, line and column and how to fix it; VALID says whether there were none."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_project_parameter()
        self.addOutput(QgsProcessingOutputBoolean("VALID", "The project has no problems"))
        self.addOutput(QgsProcessingOutputString("PROBLEMS", "Problems, one per line"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        project = self.parameterAsFile(parameters, PROJECT, context)
        command = OremapCommand(self.executable(), feedback)
        _, text = command.run(self.name(), "--json", project, allowed_codes=(0, PROJECT_ERROR))
        if not text.strip():  # not a problem in the file (e.g. it cannot be read): no report
            raise QgsProcessingException("; ".join(command.errors) or f"{project}: oremap validate printed no report")
        report = json.loads(text)  # {valid, problems: [{file, line, column, key, message, fix}]}
        problems = [problem_line(p) for p in report["problems"]]
        if report["valid"]:
            feedback.pushInfo(f"{project}: valid")
        return {"VALID": report["valid"], "PROBLEMS": "\n".join(problems)}


def problem_line(p):
    """'file:line:column: key: message (fix)', as oremap prints it; without what is unknown."""
    where = f"{p['file']}:{p['line']}:{p['column']}" if p.get("line") else p["file"]
    what = f"{p['key']}: {p['message']}" if p.get("key") else p["message"]
    return f"{where}: {what} ({p['fix']})" if p.get("fix") else f"{where}: {what}"
