"""The Processing provider: oremap's algorithms and where the oremap program is."""

import os
import shutil

from qgis.core import QgsProcessingProvider

from .run_project import RunProject
from .score_sites import ScoreSites
from .validate_models import ValidateModels
from .validate_project import ValidateProject

EXECUTABLE_SETTING = "OREMAP_EXECUTABLE"


class OremapProvider(QgsProcessingProvider):
    """`executable` fixes the program (tests); otherwise the Processing setting
    "oremap executable", then $OREMAP, then `oremap` on the PATH."""

    def __init__(self, executable=None):
        super().__init__()
        self._executable = executable

    def id(self):
        return "oremap"

    def name(self):
        return "oremap"

    def longName(self):  # noqa: N802
        return "oremap mineral prospectivity"

    def load(self):
        from processing.core.ProcessingConfig import ProcessingConfig, Setting

        ProcessingConfig.addSetting(
            Setting(self.name(), EXECUTABLE_SETTING, "oremap executable", "", valuetype=Setting.FILE)
        )
        ProcessingConfig.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        from processing.core.ProcessingConfig import ProcessingConfig

        ProcessingConfig.removeSetting(EXECUTABLE_SETTING)

    def loadAlgorithms(self):  # noqa: N802
        for algorithm in (RunProject, ValidateProject, ScoreSites, ValidateModels):
            self.addAlgorithm(algorithm(self.executable))

    def executable(self):
        """The oremap program to run, or None when it cannot be found."""
        if self._executable:
            return self._executable
        try:
            from processing.core.ProcessingConfig import ProcessingConfig

            configured = ProcessingConfig.getSetting(EXECUTABLE_SETTING)
        except Exception:  # the setting only exists while the provider is loaded
            configured = None
        return configured or os.environ.get("OREMAP") or shutil.which("oremap")
