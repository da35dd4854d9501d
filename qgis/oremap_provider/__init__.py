"""oremap's QGIS plugin: a Processing provider that runs the oremap command line."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import OremapPlugin

    return OremapPlugin(iface)
