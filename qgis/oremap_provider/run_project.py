"""Processing algorithm: run an oremap project (evidence, models, COGs, ranked sites, maps,
viewer, report) and load its outputs, styled."""

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFolderDestination,
)

from .algorithm import PROJECT, OremapAlgorithm
from .oremap_command import OremapCommand
from .output_folder import load_on_completion, project_output_folder

OUTPUT = "OUTPUT"
LOAD = "LOAD_OUTPUTS"


class RunProject(OremapAlgorithm):
    def name(self):
        return "run"

    def displayName(self):  # noqa: N802
        return "Run project"

    def shortHelpString(self):  # noqa: N802
        return (
            "Runs everything in an oremap project: evidence rasters, prospectivity models (Cloud-Optimised "
            "GeoTIFFs), ranked sites (GeoPackage, GeoJSON, CSV), maps, the offline web viewer and the "
            "validation report. Leave the output folder empty to write where the project says "
            "([project] output). The folder changes as a whole: a failed or cancelled run leaves the "
            "previous results as they were. The models and the ranked sites load styled."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_project_parameter()
        self.addParameter(
            QgsProcessingParameterFolderDestination(
                OUTPUT, "Output folder (empty: the project's own)", optional=True, createByDefault=False
            )
        )
        self.add_threads_parameter()
        self.addParameter(QgsProcessingParameterBoolean(LOAD, "Load the outputs into the project", True))
        self.addOutput(QgsProcessingOutputFolder("OUTPUT_FOLDER", "Output folder"))
        self.addOutput(QgsProcessingOutputFile("SITES", "Ranked sites (GeoPackage)"))
        self.addOutput(QgsProcessingOutputFile("REPORT", "Validation report (HTML)"))
        self.addOutput(QgsProcessingOutputFile("VIEWER", "Web viewer (HTML)"))
        self.addOutput(QgsProcessingOutputNumber("LAYERS_LOADED", "Layers loaded"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        project = self.parameterAsFile(parameters, PROJECT, context)
        folder = self.output_folder(parameters, context, project)
        OremapCommand(self.executable(), feedback).run(
            self.name(), project, "--output", folder, *self.thread_arguments(parameters, context)
        )
        loaded = load_on_completion(folder, context) if self.parameterAsBool(parameters, LOAD, context) else 0
        return {
            "OUTPUT_FOLDER": folder,
            "SITES": f"{folder}/sites.gpkg",
            "REPORT": f"{folder}/report.html",
            "VIEWER": f"{folder}/viewer/index.html",
            "LAYERS_LOADED": loaded,
        }

    def output_folder(self, parameters, context, project):
        if parameters.get(OUTPUT) in (None, ""):
            return project_output_folder(project)
        return self.parameterAsFileOutput(parameters, OUTPUT, context)  # resolves TEMPORARY_OUTPUT too
