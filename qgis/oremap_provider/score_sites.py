"""Processing algorithm: score and rank the sites again with the model COGs of a previous run
(after changing [sites] weights, criteria or exclusions), and load the ranked sites, styled."""

from qgis.core import QgsProcessingOutputFile, QgsProcessingParameterFile

from .algorithm import PROJECT, OremapAlgorithm
from .oremap_command import OremapCommand
from .output_folder import load_sites_on_completion, project_output_folder

OUTPUT = "OUTPUT"


class ScoreSites(OremapAlgorithm):
    def name(self):
        return "score"

    def displayName(self):  # noqa: N802
        return "Re-score sites"

    def shortHelpString(self):  # noqa: N802
        return (
            "Scores and ranks the candidate sites again with the model rasters of a previous run (Run project), "
            "e.g. after changing the [sites] criteria, weights or exclusions; updates the site tables, maps, "
            "viewer and report in that run's output folder (empty: the project's own) and loads the ranked sites."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_project_parameter()
        self.addParameter(
            QgsProcessingParameterFile(
                OUTPUT,
                "Output folder of a previous run (empty: the project's own)",
                behavior=QgsProcessingParameterFile.Folder,
                optional=True,
            )
        )
        self.add_threads_parameter()
        self.addOutput(QgsProcessingOutputFile("SITES", "Ranked sites (GeoPackage)"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        project = self.parameterAsFile(parameters, PROJECT, context)
        folder = self.parameterAsFile(parameters, OUTPUT, context) or project_output_folder(project)
        OremapCommand(self.executable(), feedback).run(
            self.name(), project, "--output", folder, *self.thread_arguments(parameters, context)
        )
        gpkg = f"{folder}/sites.gpkg"
        load_sites_on_completion(gpkg, context)
        return {"SITES": gpkg}
