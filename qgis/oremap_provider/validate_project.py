"""Processing algorithm: check a project file (keys, types, ranges, ids, files) without running it."""

from qgis.core import QgsProcessingOutputBoolean, QgsProcessingOutputString

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
        code, _ = command.run(self.name(), project, allowed_codes=(0, PROJECT_ERROR))
        problems = [e for e in command.errors if "problem(s) in the project file" not in e]
        if code == 0:
            feedback.pushInfo(f"{project}: valid")
        return {"VALID": code == 0, "PROBLEMS": "\n".join(problems)}
