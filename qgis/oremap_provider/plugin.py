"""The plugin: registers the oremap Processing provider while it is loaded."""

from qgis.core import QgsApplication

from .provider import OremapProvider


class OremapPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 (QGIS's name; qgis_process calls it too)
        self.provider = OremapProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
