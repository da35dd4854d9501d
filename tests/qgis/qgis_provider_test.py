#!/usr/bin/python3
"""The QGIS Processing provider (qgis/oremap_provider/) in a real, headless QGIS 3.22 (Debian's
qgis and python3-qgis; no display: the offscreen Qt platform).

    tests/qgis/qgis_provider_test.py <oremap binary> <artifact folder>

1. Run project on the Pakistan demo through Processing, as the Toolbox does: progress per stage
   rises to 100 %, the outputs are written, and loading them (Processing's own
   handleAlgorithmResults) gives every model COG and site layer, styled: each model by its .qml
   (viridis pseudocolour over a range that holds every cell), each site layer by sites.gpkg's
   layer_styles (rule-based: every site drawn, unranked sites by their own rule, labelled).
   The styled copper layers rendered by QGIS are saved as <artifact folder>/qgis_copper.png.
2. Cancel during a run: the algorithm stops, the output folder keeps its previous results.
3. Re-score sites, Validate project (a valid project, and a broken one: the problem names its
   line), Validate models (one summary line per model of the project).
4. The plugin as QGIS loads it: qgis_process (QGIS_PLUGINPATH) lists and runs oremap:validate.
Prints 'ok - ...' per check and 'N passed, N failed'; exits 1 if any failed."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib

oremap = os.path.abspath(sys.argv[1])
artifacts = os.path.abspath(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
demo = os.path.join(repo, "geodata", "pakistan", "project.toml")
tmp = tempfile.mkdtemp(prefix="oremap-qgis.")
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_RUNTIME_DIR", tmp)
sys.path[:0] = [os.path.join(repo, "qgis"), "/usr/share/qgis/python/plugins"]

from qgis.core import (  # noqa: E402 (after the environment is set)
    QgsApplication,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsRenderContext,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

app = QgsApplication([], False, os.path.join(tmp, "profile"))
app.initQgis()
import processing  # noqa: E402
from processing.core.Processing import Processing  # noqa: E402
from processing.gui.Postprocessing import handleAlgorithmResults  # noqa: E402

from oremap_provider.provider import OremapProvider  # noqa: E402

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"not ok - {name}" + (f": {detail}" if detail else ""))
    sys.stdout.flush()


class Recorder(QgsProcessingFeedback):
    """Keeps what the algorithm shows: each stage (a progress text) with its percentages, and
    the log. cancel_at: cancel when this stage first shows."""

    def __init__(self, cancel_at=None):
        super().__init__()
        self.stages = []  # (name, [percent, ...]) in order
        self.lines = []
        self.cancel_at = cancel_at

    def setProgressText(self, text):  # noqa: N802
        self.stages.append((text, []))
        if self.cancel_at and text == self.cancel_at:
            self.cancel()

    def setProgress(self, percent):  # noqa: N802
        if self.stages:
            self.stages[-1][1].append(percent)
        super().setProgress(percent)

    def pushInfo(self, text):  # noqa: N802
        self.lines.append(text)

    def reportError(self, text, fatal=False):  # noqa: N802
        self.lines.append("ERROR " + text)


def run(algorithm, parameters, feedback=None, project=None):
    context = QgsProcessingContext()
    context.setProject(project if project is not None else QgsProject.instance())
    feedback = feedback or Recorder()
    alg = QgsApplication.processingRegistry().createAlgorithmById(algorithm)
    results = processing.run(alg, parameters, context=context, feedback=feedback)
    return results, context, feedback, alg


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


Processing.initialize()
provider = OremapProvider(oremap)
QgsApplication.processingRegistry().addProvider(provider)
names = sorted(a.id() for a in provider.algorithms())
check("the provider offers run, score, validate and validate_model",
      names == ["oremap:run", "oremap:score", "oremap:validate", "oremap:validate_model"], str(names))

# 1. Run project, load the outputs, check the styles -------------------------------------------
out = os.path.join(tmp, "out")
results, context, feedback, alg = run("oremap:run", {"PROJECT": demo, "OUTPUT": out, "THREADS": 2})
with open(os.path.join(out, "manifest.sha256")) as f:
    manifest = [line.split(None, 1)[1].strip() for line in f]
rasters = [n for n in manifest if n.endswith(".tif")]
check("run writes the COGs, sites.gpkg, the report and the viewer",
      len(rasters) >= 10 and all(os.path.exists(results[k]) for k in ("SITES", "REPORT", "VIEWER")), str(results))
stages = feedback.stages
rising = all(all(b >= a for a, b in zip(p, p[1:])) for _, p in stages)
check("progress: each stage's percentages rise and end at 100",
      len(stages) >= 10 and rising and all(p and p[-1] == 100 for _, p in stages),
      json.dumps([(s, p[-3:]) for s, p in stages]))
check("progress names oremap's stages", {"writing COG", "ranking copper sites", "checksums"} <= {s for s, _ in stages},
      str([s for s, _ in stages]))

project = QgsProject.instance()
handleAlgorithmResults(alg, context, feedback, False, {})
layers = {layer.name(): layer for layer in project.mapLayers().values()}
with open(os.path.join(out, "resolved_project.toml"), "rb") as f:
    models = [m["id"] for m in tomllib.loads(f.read().decode().split("\n", 1)[1]).get("models", [])]
expected = {os.path.splitext(n)[0] for n in rasters} | {"sites_copper", "sites_gold", "sites_ree"}
check("Processing loads every COG and site layer", set(layers) == expected and results["LAYERS_LOADED"] == len(expected),
      f"{sorted(layers)} vs {sorted(expected)}")

from osgeo import gdal, ogr  # noqa: E402

for model in [m for m in models if m in layers]:
    layer = layers[model]
    renderer = layer.renderer()
    ok = renderer is not None and renderer.type() == "singlebandpseudocolor"
    if ok:
        shader = renderer.shader().rasterShaderFunction()
        items = shader.colorRampItemList()
        dataset = gdal.Open(os.path.join(out, model + ".tif"))  # the band needs its dataset alive
        low, high = dataset.GetRasterBand(1).ComputeRasterMinMax(False)
        ok = (items[0].color.name() == "#440154" and items[-1].color.name() == "#fde725"
              and shader.minimumValue() <= low and shader.maximumValue() >= high
              and items[0].value == shader.minimumValue() and items[-1].value == shader.maximumValue())
        detail = f"{items[0].color.name()}..{items[-1].color.name()} over [{shader.minimumValue()}, {shader.maximumValue()}], data [{low}, {high}]"
    else:
        detail = renderer.type() if renderer else "no renderer"
    check(f"{model}: styled by its .qml, viridis over a range holding every cell", ok, detail)

for commodity in ("copper", "gold", "ree"):
    layer = layers[f"sites_{commodity}"]
    renderer = layer.renderer()
    if renderer is None or renderer.type() != "RuleRenderer":
        check(f"sites_{commodity}: styled by layer_styles (rule-based)", False, renderer.type() if renderer else "none")
        continue
    check(f"sites_{commodity}: styled by layer_styles (rule-based), labelled", layer.labelsEnabled())
    render_context = QgsRenderContext()
    renderer.startRender(render_context, layer.fields())
    statuses = {}
    drawn = True
    for feature in layer.getFeatures():
        symbols = renderer.symbolsForFeature(feature, render_context)
        drawn = drawn and len(symbols) > 0
        statuses.setdefault(feature["status"], set()).update(s.color().name() for s in symbols)
    renderer.stopRender(render_context)
    gpkg = ogr.Open(os.path.join(out, "sites.gpkg"))
    count = gpkg.GetLayerByName(f"sites_{commodity}").GetFeatureCount()
    check(f"sites_{commodity}: every site drawn, as many as OGR reads", drawn and layer.featureCount() == count)
    if "unranked" in statuses and "ranked" in statuses:
        check(f"sites_{commodity}: unranked sites have their own symbol",
              not (statuses["unranked"] & statuses["ranked"]), str(statuses))

# The styled copper layers as QGIS renders them: the artifact.
os.makedirs(artifacts, exist_ok=True)
shot = os.path.join(artifacts, "qgis_copper.png")
raster = layers[models[0]]
settings = QgsMapSettings()
settings.setLayers([layers["sites_copper"], raster])
settings.setDestinationCrs(raster.crs())
settings.setExtent(raster.extent())
settings.setOutputSize(QSize(1200, 1050))
settings.setBackgroundColor(QColor("white"))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
image.save(shot, "PNG")
colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
check(f"QGIS renders the styled layers ({shot})", os.path.getsize(shot) > 20000 and len(colours) > 30,
      f"{len(colours)} colours")

# 2. Cancel: the algorithm stops, the folder keeps the last results -----------------------------
before = sha256(os.path.join(out, "manifest.sha256"))
try:
    run("oremap:run", {"PROJECT": demo, "OUTPUT": out, "THREADS": 2, "LOAD_OUTPUTS": False},
        feedback=Recorder(cancel_at="distance"))
    check("cancel stops the run", False, "it finished")
except QgsProcessingException as e:
    check("cancel stops the run", "cancelled" in str(e), str(e))
left = sorted(n for n in os.listdir(out) if (n.startswith(".") or "tmp" in n) and n != ".oremap-lock")
check("after cancelling, the folder has its previous results and no leftovers",
      sha256(os.path.join(out, "manifest.sha256")) == before and not left, str(left))

# 3. Re-score, validate, validate models ---------------------------------------------------------
scored_project = QgsProject()
results, context, feedback, alg = run("oremap:score", {"PROJECT": demo, "OUTPUT": out}, project=scored_project)
handleAlgorithmResults(alg, context, feedback, False, {})
check("score re-ranks and loads the three site layers",
      sorted(l.name() for l in scored_project.mapLayers().values()) == ["sites_copper", "sites_gold", "sites_ree"])

results, *_ = run("oremap:validate", {"PROJECT": demo})
check("validate: the demo is valid", results["VALID"] is True and results["PROBLEMS"] == "", str(results))
broken = os.path.join(os.path.dirname(demo), "qgis-test-broken.toml")
with open(demo) as f:
    text = f.read().replace("cell_size = 1000", "cell_size = -1000", 1)
line = text[: text.index("cell_size = -1000")].count("\n") + 1
column = text.splitlines()[line - 1].index("-1000") + 1
try:
    with open(broken, "w") as f:
        f.write(text)
    results, *_ = run("oremap:validate", {"PROJECT": broken})
finally:
    os.remove(broken)
check(f"validate: a negative cell_size is a problem on line {line}, named with its fix",
      results["VALID"] is False and f"qgis-test-broken.toml:{line}:{column}: grid.cell_size: must be > 0" in results["PROBLEMS"]
      and "(Cell size in metres" in results["PROBLEMS"], results["PROBLEMS"])
missing = os.path.join(tmp, "missing.toml")
results, *_ = run("oremap:validate", {"PROJECT": missing})
check("validate: a missing project file is a problem naming it",
      results["VALID"] is False and results["PROBLEMS"].startswith(f"{missing}: cannot read the project file"),
      results["PROBLEMS"])

figures_path = os.path.join(tmp, "validation.json")
results, *_ = run("oremap:validate_model", {"PROJECT": demo, "THREADS": 2, "OUTPUT": figures_path})
with open(figures_path) as f:
    figures = json.load(f)
with open(demo, "rb") as f:
    demo_models = [m["id"] for m in tomllib.load(f).get("models", [])]
summary = results["SUMMARY"].splitlines()
check("validate_model: one summary line per model of the project, AUC in [0, 1]",
      [m["id"] for m in figures["models"]] == demo_models and len(summary) == len(demo_models)
      and all(0 <= m["fit"]["roc"]["auc"] <= 1 for m in figures["models"] if (m.get("fit") or {}).get("roc")),
      results["SUMMARY"])

# 4. The plugin as QGIS loads it, through qgis_process -------------------------------------------
env = dict(os.environ, QGIS_PLUGINPATH=os.path.join(repo, "qgis"), OREMAP=oremap, HOME=tmp)
qgis_process = ["/usr/bin/qgis_process.bin"]  # Debian's qgis_process wrapper passes an option 3.22 rejects
enable = subprocess.run(qgis_process + ["plugins", "enable", "oremap_provider"], env=env, capture_output=True, text=True)
listing = subprocess.run(qgis_process + ["list"], env=env, capture_output=True, text=True)
check("qgis_process loads the plugin and lists oremap:run", "oremap:run" in listing.stdout,
      enable.stdout + enable.stderr + listing.stderr[-2000:])
ran = subprocess.run(qgis_process + ["--json", "run", "oremap:validate", "--", f"PROJECT={demo}"],
                     env=env, capture_output=True, text=True)
try:
    valid = json.loads(ran.stdout)["results"]["VALID"]
except (ValueError, KeyError):
    valid = None
check("qgis_process runs oremap:validate on the demo: valid", ran.returncode == 0 and valid is True,
      ran.stdout[-2000:] + ran.stderr[-2000:])

print(f"{passed} passed, {failed} failed")
# Everything holding layers goes before QGIS exits (contexts also delete their post-processors).
del context, alg, feedback, layers, raster, layer
scored_project.clear()
del scored_project
project.clear()
app.exitQgis()
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(1 if failed else 0)
