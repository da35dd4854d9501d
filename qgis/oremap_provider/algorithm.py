"""What every oremap algorithm shares: the oremap program, the project-file parameter, its group."""

from qgis.core import QgsProcessingAlgorithm, QgsProcessingParameterFile, QgsProcessingParameterNumber

PROJECT = "PROJECT"
THREADS = "THREADS"


class OremapAlgorithm(QgsProcessingAlgorithm):
    """`executable` is a callable returning the oremap program's path (the provider's setting,
    read when the algorithm runs, so changing it needs no restart)."""

    def __init__(self, executable):
        super().__init__()
        self.executable = executable

    def createInstance(self):  # noqa: N802
        return type(self)(self.executable)

    def group(self):
        return "Prospectivity"

    def groupId(self):  # noqa: N802
        return "prospectivity"

    def add_project_parameter(self):
        self.addParameter(
            QgsProcessingParameterFile(
                PROJECT, "oremap project file (TOML)", behavior=QgsProcessingParameterFile.File, extension="toml"
            )
        )

    def add_threads_parameter(self):
        self.addParameter(
            QgsProcessingParameterNumber(
                THREADS, "Worker threads (0: all cores)", QgsProcessingParameterNumber.Integer, 0, False, 0
            )
        )

    def thread_arguments(self, parameters, context):
        threads = self.parameterAsInt(parameters, THREADS, context)
        return ["--threads", str(threads)] if threads > 0 else []
