"""An oremap output folder as QGIS layers: the rasters its manifest lists (the model COGs, each
with its .qml style beside it) and the ranked sites of sites.gpkg (styled by its layer_styles
table), loaded into the project when the algorithm finishes, with their default styles."""

import os
import tomllib

from qgis.core import QgsProcessingContext, QgsProcessingLayerPostProcessorInterface

MANIFEST = "manifest.sha256"


def project_output_folder(project_file):
    """The folder a project writes to: [project] output, relative to the project file."""
    with open(project_file, "rb") as f:
        meta = tomllib.load(f).get("project", {})
    return os.path.join(os.path.dirname(os.path.abspath(project_file)), meta.get("output", "output"))


def listed_files(folder):
    """The files of the last complete run (the manifest is written last)."""
    path = os.path.join(folder, MANIFEST)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.split(None, 1)[1].strip() for line in f if line.strip()]


def site_layers(gpkg):
    from osgeo import ogr

    dataset = ogr.Open(gpkg)
    if dataset is None:
        return []
    names = [dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())]
    return [n for n in names if n.startswith("sites_")]


class DefaultStyle(QgsProcessingLayerPostProcessorInterface):
    """Processing loads outputs without their default style: apply the .qml beside a raster, or
    the layer_styles row of a GeoPackage layer.

    One per layer: the context deletes each when it is destroyed. Until then Python must keep
    them alive, after the algorithm instance that asked for them is gone: the class holds them,
    and forgets those the context has deleted."""

    _alive = []

    @classmethod
    def create(cls):
        from qgis.PyQt import sip

        cls._alive = [p for p in cls._alive if not sip.isdeleted(p)]
        cls._alive.append(cls())
        return cls._alive[-1]

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        message, ok = layer.loadDefaultStyle()
        if not ok:
            feedback.pushWarning(f"{layer.name()}: no oremap style loaded ({message})")
        layer.triggerRepaint()


def load_on_completion(folder, context):
    """Asks Processing to load the folder's rasters and site layers when the algorithm finishes;
    returns their count (0 when there is no project to load into, as under qgis_process)."""
    rasters = [n for n in listed_files(folder) if n.endswith(".tif")]
    count = sum(_load(os.path.join(folder, n), os.path.splitext(n)[0], context) for n in rasters)
    return count + load_sites_on_completion(os.path.join(folder, "sites.gpkg"), context)


def load_sites_on_completion(gpkg, context):
    """The same for the site layers of sites.gpkg; returns their count."""
    layers = site_layers(gpkg) if os.path.exists(gpkg) else []
    return sum(_load(f"{gpkg}|layername={layer}", layer, context) for layer in layers)


def _load(source, name, context):
    if context.project() is None:
        return 0
    details = QgsProcessingContext.LayerDetails(name, context.project(), name)
    details.setPostProcessor(DefaultStyle.create())
    context.addLayerToLoadOnCompletion(source, details)
    return 1
