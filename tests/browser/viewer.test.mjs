// The offline web viewer in a real browser: Debian's headless Chromium driven by playwright-core.
//
//   node tests/browser/viewer.test.mjs <viewer dir> [--artifacts DIR]
//       tests a viewer already written (e.g. geodata/pakistan/output/viewer)
//   node tests/browser/viewer.test.mjs --oremap build/oremap [--artifacts DIR]
//       copies tests/browser/fixture/ to a temporary folder, runs `oremap run` on it and tests
//       the viewer it writes (thirteen sites, two named with HTML, one excluded, one a polygon,
//       one not ranked for missing prospectivity data)
//
// The page is opened from file:// with the network cut (offline context, every non-file request
// aborted and counted). Checks: no console errors; as many site markers as GeoJSON features for
// every commodity; the prospectivity overlay loads; a popup opens with the per-criterion
// breakdown; the table sorts; a row click opens its site's popup; a site named
// `<img src=x onerror=alert(1)>` shows as text (no dialog, no <img>). A screenshot is kept in
// the artifacts folder (default build/test-artifacts/viewer.png). Ends with 'N passed, N failed'.
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const MALICIOUS = '<img src=x onerror=alert(1)>';

function parseArgs(argv) {
  const args = { viewer: null, oremap: null, artifacts: path.join(repo, 'build', 'test-artifacts') };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--oremap') args.oremap = argv[++i];
    else if (a === '--artifacts') args.artifacts = argv[++i];
    else if (a === '-h' || a === '--help') args.help = true;
    else if (!a.startsWith('--') && !args.viewer) args.viewer = a;
    else throw new Error(`unknown argument '${a}'`);
  }
  return args;
}

// Runs `oremap run` on a copy of the fixture project; returns the viewer folder and the copy.
function generateFixture(oremap) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oremap-viewer-'));
  fs.cpSync(path.join(here, 'fixture'), work, { recursive: true });
  const run = spawnSync(path.resolve(oremap), ['run', '--quiet', path.join(work, 'project.toml')],
    { encoding: 'utf8', timeout: 300000 });
  if (run.status !== 0) {
    throw new Error(`oremap run failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  }
  return { viewer: path.join(work, 'output', 'viewer'), work };
}

// The JSON a data file assigns to window.OREMAP_DATA[key].
function readDataFile(file) {
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf('] = ');
  return JSON.parse(text.slice(at + 4, text.lastIndexOf(';')));
}

class Results {
  constructor() { this.passed = 0; this.failed = 0; }
  async check(name, fn) {
    try {
      await fn();
      this.passed += 1;
      console.log(`ok - ${name}`);
    } catch (e) {
      this.failed += 1;
      console.log(`not ok - ${name}\n  ${String(e && e.stack || e).split('\n').slice(0, 4).join('\n  ')}`);
    }
  }
}

function assert(cond, message) { if (!cond) throw new Error(message); }
function assertEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function launch(userDataDir) {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} is missing: install Debian's chromium (tools/setup)`);
  }
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    offline: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || (!args.viewer && !args.oremap)) {
    console.log('usage: node viewer.test.mjs <viewer dir> | --oremap <oremap binary>  [--artifacts DIR]');
    process.exit(args.help ? 0 : 2);
  }
  let fixture = null;
  if (!args.viewer) fixture = generateFixture(args.oremap);
  const viewer = path.resolve(args.viewer || fixture.viewer);
  const index = path.join(viewer, 'index.html');
  if (!fs.existsSync(index)) throw new Error(`${index} does not exist`);
  fs.mkdirSync(args.artifacts, { recursive: true });

  const meta = readDataFile(path.join(viewer, 'data', 'meta.js'));
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oremap-chromium-'));
  const context = await launch(userDataDir);
  const results = new Results();
  const consoleErrors = [];
  const network = [];
  const dialogs = [];
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      network.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    await page.goto(pathToFileURL(index).href, { waitUntil: 'load' });
    await page.waitForSelector('#site-table tbody tr, .prospectivity-image', { timeout: 15000 });

    await runChecks(results, page, meta, viewer, fixture !== null, args.artifacts);

    await results.check('no console errors', async () => {
      assert(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
    });
    await results.check('no network request (works offline)', async () => {
      assert(network.length === 0, `requests: ${network.join(', ')}`);
    });
    await results.check('no dialog opened (no script ran from data)', async () => {
      assert(dialogs.length === 0, `dialogs: ${dialogs.join(' | ')}`);
    });
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    if (fixture && !process.env.OREMAP_KEEP_TEMP) fs.rmSync(fixture.work, { recursive: true, force: true });
  }
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
}

async function selectCommodity(page, name) {
  await page.selectOption('#commodity', name);
  await page.waitForFunction((n) => window.oremapViewer.state.commodity.name === n, name);
}

async function runChecks(results, page, meta, viewer, isFixture, artifacts) {
  const commodities = meta.commodities;
  const withSites = commodities.filter((c) => c.sites);

  await results.check('the page title and header show the [viewer] title as text', async () => {
    assertEqual(await page.title(), meta.title, 'document.title');
    assertEqual(await page.textContent('#title'), meta.title, 'header');
    assertEqual(await page.locator('header b, header script').count(), 0, 'elements made from the title');
  });

  for (const c of withSites) {
    await results.check(`${c.name}: one marker per GeoJSON feature`, async () => {
      await selectCommodity(page, c.name);
      const file = path.join(viewer, 'data', `sites_${c.name}.js`);
      const features = readDataFile(file).features.length;
      const onDisk = path.join(viewer, '..', `sites_${c.name}.geojson`);
      if (fs.existsSync(onDisk)) {
        assertEqual(JSON.parse(fs.readFileSync(onDisk, 'utf8')).features.length, features,
          `features in sites_${c.name}.geojson vs the viewer's copy`);
      }
      assert(features > 0, 'no sites');
      assertEqual(await page.locator('.leaflet-marker-pane .site-marker').count(), features, 'markers');
      assertEqual(await page.locator('#site-table tbody tr').count(), features, 'table rows');
    });
  }

  for (const c of commodities.filter((x) => (x.models || []).length)) {
    await results.check(`${c.name}: the prospectivity overlay loads`, async () => {
      await selectCommodity(page, c.name);
      const img = page.locator('img.prospectivity-image');
      assertEqual(await img.count(), 1, 'overlay images');
      await page.waitForFunction(() => {
        const i = document.querySelector('img.prospectivity-image');
        return i && i.complete && i.naturalWidth > 0;
      }, null, { timeout: 10000 });
      assertEqual(await img.evaluate((i) => i.naturalWidth), scoringModel(c).width, 'PNG width');
    });
  }
  await modelChecks(results, page, commodities, isFixture);

  if (withSites.length) await siteChecks(results, page, meta, viewer, isFixture, withSites);
  await screenshot(page, meta, artifacts);
}

// The model a commodity's sites are scored against: shown first.
function scoringModel(c) {
  return c.models.find((m) => m.model === c.model) || c.models[0];
}

// What the legend prints for a range end (app.js fmtSig: three significant digits).
function sig(v) { return String(Number(v.toPrecision(3))); }

// The layer picker: the scoring model is shown first; choosing another model (or a posterior
// standard deviation) swaps the overlay's PNG and the legend's model and range.
async function modelChecks(results, page, commodities, isFixture) {
  const layersOf = (c) => (c.models || []).flatMap((m, i) => [{ value: String(i), model: m.model, overlay: m,
    std: false }].concat(m.std ? [{ value: `${i}:std`, model: m.model, overlay: m.std, std: true }] : []));
  const several = commodities.filter((c) => layersOf(c).length > 1);
  if (isFixture) {
    await results.check('the fixture offers several copper models (and scores against the second)', async () => {
      const cu = commodities.find((c) => c.name === 'copper');
      assertEqual(cu.models.map((m) => m.model).join(','), 'copper_fuzzy,copper_model', 'copper models');
      assertEqual(cu.model, 'copper_model', 'scoring model');
    });
  }
  const overlaySrc = () => page.locator('img.prospectivity-image').evaluate((i) => i.getAttribute('src'));
  const legendRange = () => page.locator('.legend .ramp-labels').first().locator('span').allTextContents();
  for (const c of several) {
    await results.check(`${c.name}: the layer picker switches between ${layersOf(c).length} model layers`, async () => {
      await selectCommodity(page, c.name);
      const layers = layersOf(c);
      assertEqual((await page.locator('#model option').allTextContents()).length, layers.length, 'picker options');
      const first = layers.find((l) => !l.std && l.model === c.model);
      assertEqual(await page.inputValue('#model'), first.value, 'layer shown first (the scoring model)');
      assertEqual(await overlaySrc(), first.overlay.image, 'overlay of the scoring model');
      assertEqual(await page.textContent('.legend .legend-model'), c.model, 'legend model');
      for (const l of layers.filter((x) => x !== first).concat([first])) {
        await page.selectOption('#model', l.value);
        await page.waitForFunction((v) => window.oremapViewer.state.layer.value === v, l.value);
        assertEqual(await overlaySrc(), l.overlay.image, `overlay of ${l.value}`);
        assertEqual(await page.locator('img.prospectivity-image').count(), 1, 'overlay images');
        assertEqual(await page.textContent('.legend .legend-model'), l.model, `legend model of ${l.value}`);
        assertEqual(await page.textContent('.legend h4'), l.std ? 'Posterior standard deviation' : 'Prospectivity',
          `legend heading of ${l.value}`);
        assertEqual((await legendRange()).join(' '), `${sig(l.overlay.min)} ${sig(l.overlay.max)}`,
          `legend range of ${l.value}`);
        await page.waitForFunction(() => {
          const i = document.querySelector('img.prospectivity-image');
          return i && i.complete && i.naturalWidth > 0;
        }, null, { timeout: 10000 });
      }
    });
  }
  if (isFixture && several.length === 0) {
    await results.check('some commodity has several model layers', async () => { throw new Error('none has'); });
  }
}

// '#rrggbb' stops at equal steps, linear between them, as the maps' score_colour.
function rampRgb(stops, t) {
  t = Math.min(1, Math.max(0, t));
  const at = t * (stops.length - 1), i = Math.min(stops.length - 2, Math.floor(at)), f = at - i;
  const rgb = (h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
  const a = rgb(stops[i]), b = rgb(stops[i + 1]);
  return `rgb(${[0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)).join(', ')})`;
}

async function siteChecks(results, page, meta, viewer, isFixture, withSites) {
  const c = withSites[0];
  await selectCommodity(page, c.name);
  await results.check('site colours follow the maps\' fixed 0-1 score scale', async () => {
    assert(Array.isArray(meta.score_ramp) && meta.score_ramp.length === 4, 'meta.score_ramp');
    const dots = await page.evaluate(() => window.oremapViewer.state.sites.map((f, i) => {
      const d = document.querySelector(`.site-dot[data-site-index="${i}"]`);
      return { score: f.properties.score, excluded: f.properties.excluded, colour: d && getComputedStyle(d).backgroundColor };
    }));
    const ranked = dots.filter((d) => !d.excluded && typeof d.score === 'number' && d.colour);
    assert(ranked.length > 1, 'too few ranked sites');
    for (const d of ranked) assertEqual(d.colour, rampRgb(meta.score_ramp, d.score), `colour of score ${d.score}`);
  });

  await results.check('a row click zooms to the site and opens its popup with the breakdown', async () => {
    await page.click('#site-table tbody tr:first-child');
    const popup = page.locator('.leaflet-popup .site-popup').last();
    await popup.waitFor({ timeout: 5000 });
    assertEqual(await popup.locator('table.breakdown tbody tr').count(), c.criteria.length, 'breakdown rows');
    const text = await popup.textContent();
    for (const k of c.criteria) assert(text.includes(k.id), `criterion ${k.id} missing from the popup`);
    assert(/Rank 5–95 %/.test(text), 'rank interval missing');
    assert(text.includes(`P(top ${c.top_k})`), 'P(top k) missing');
    assertEqual(await page.locator('#site-table tbody tr.is-selected').count(), 1, 'selected rows');
  });

  await results.check('clicking a marker opens its popup and selects its row', async () => {
    await page.evaluate(() => window.oremapViewer.map.closePopup());
    const index = await page.evaluate(() => {
      const s = window.oremapViewer.state;
      return s.sites.findIndex((f) => !f.properties.excluded);
    });
    await page.evaluate((i) => window.oremapViewer.focusSite(i), index);
    await page.evaluate(() => window.oremapViewer.map.closePopup());
    // Leaflet fades a closed popup out and removes it 200 ms later; on a loaded machine a click in
    // that window lands on the fading popup, so wait until it is gone.
    await page.waitForFunction(() => !document.querySelector('.leaflet-popup'), null, { timeout: 15000 });
    await page.locator(`.site-marker .site-dot[data-site-index="${index}"]`).click();
    await page.locator('.leaflet-popup .site-popup').last().waitFor({ timeout: 15000 });
    assertEqual(await page.locator('#site-table tbody tr.is-selected').getAttribute('data-index'), String(index),
      'selected row');
  });

  await results.check('the table sorts by score, both ways, and by name', async () => {
    const scores = async () => (await page.locator('#site-table tbody tr td:nth-child(3)').allTextContents())
      .map(Number).filter((v) => !Number.isNaN(v));
    await page.click('#site-table th[data-key="score"] button');
    const up = await scores();
    assert(up.length > 1, 'too few scores to sort');
    assert(up.every((v, i) => i === 0 || up[i - 1] <= v), `not ascending: ${up}`);
    assertEqual(await page.getAttribute('#site-table th[data-key="score"]', 'aria-sort'), 'ascending', 'aria-sort');
    await page.click('#site-table th[data-key="score"] button');
    const down = await scores();
    assert(down.every((v, i) => i === 0 || down[i - 1] >= v), `not descending: ${down}`);
    await page.click('#site-table th[data-key="name"] button');
    const names = (await page.locator('#site-table tbody tr td:nth-child(2)').allTextContents()).map((s) => s.toLowerCase());
    assert(names.every((v, i) => i === 0 || names[i - 1] <= v), `names not sorted: ${names}`);
    await page.click('#site-table th[data-key="rank"] button');
  });

  await results.check('the opacity slider sets the overlay opacity', async () => {
    if (!(c.models || []).length) return;
    await page.locator('input.opacity').fill('30');
    const opacity = await page.locator('img.prospectivity-image').evaluate((i) => getComputedStyle(i).opacity);
    assertEqual(opacity, '0.3', 'overlay opacity');
    await page.locator('input.opacity').fill('75');
  });

  await results.check('the layer switcher hides and shows a layer', async () => {
    const box = page.locator('.switcher-item', { hasText: 'Ranked sites' }).locator('input');
    await box.uncheck();
    assertEqual(await page.locator('.leaflet-marker-pane .site-marker').count(), 0, 'markers when hidden');
    await box.check();
    assert(await page.locator('.leaflet-marker-pane .site-marker').count() > 0, 'markers back');
    const groups = await page.locator('.switcher-group').allTextContents();
    const titles = await page.locator('.switcher-title').allTextContents();
    for (const l of meta.layers) assert(titles.includes(l.title), `layer '${l.title}' missing from ${titles}`);
    assert(groups.includes('Analysis'), `groups: ${groups}`);
  });

  const named = (name) => withSites.some((x) => readDataFile(path.join(viewer, 'data', `sites_${x.name}.js`))
    .features.some((f) => f.properties.name === name));
  if (isFixture || named(MALICIOUS)) {
    await results.check(`a site named ${MALICIOUS} shows as text`, async () => {
      const gold = withSites.find((x) => readDataFile(path.join(viewer, 'data', `sites_${x.name}.js`)).features
        .some((f) => f.properties.name === MALICIOUS));
      assert(gold, 'the fixture has no such site');
      await selectCommodity(page, gold.name);
      const row = page.locator('#site-table tbody tr', { hasText: MALICIOUS });
      assertEqual(await row.count(), 1, 'rows showing the name as text');
      await row.click();
      // The previous popup may still be closing (Leaflet fades it out): check the newest one.
      const title = page.locator('.leaflet-popup .site-popup h3').last();
      await title.waitFor({ timeout: 5000 });
      assertEqual(await title.textContent(), MALICIOUS, 'popup title');
      await page.hover(`.site-marker .site-dot[data-site-index="${await row.getAttribute('data-index')}"]`);
      const others = await page.evaluate(() => Array.from(document.images)
        .filter((i) => !i.classList.contains('prospectivity-image') && !i.classList.contains('leaflet-tile'))
        .map((i) => i.outerHTML));
      assertEqual(others.length, 0, `unexpected images ${others.join(' ')}`);
      assertEqual(await page.locator('img[src="x"], .site-popup b, #site-table b').count(), 0, 'elements from names');
      assert((await page.textContent('.leaflet-tooltip')).includes(MALICIOUS), 'tooltip shows the name as text');
    });

  }
  const excludedSites = withSites.length && readDataFile(path.join(viewer, 'data', `sites_${withSites[0].name}.js`))
    .features.some((f) => f.properties.excluded);
  if (isFixture || (excludedSites && meta.layers.some((l) => l.role === 'exclusion'))) {
    await results.check('an excluded site shows its reason; exclusion areas are hatched', async () => {
      const c0 = withSites[0];
      await selectCommodity(page, c0.name);
      await page.click('#site-table th[data-key="rank"] button');
      const row = page.locator('#site-table tbody tr.is-excluded').first();
      await row.click();
      const notes = page.locator('.leaflet-popup .notes-reasons').last();
      await notes.waitFor({ timeout: 5000 });
      assert((await notes.textContent()).trim().length > 'Excluded because'.length, 'no reason given');
      assert(await page.locator('path[fill="url(#oremap-hatch)"]').count() > 0, 'no hatched exclusion polygon');
    });
  }

  const unrankedSites = withSites.length && readDataFile(path.join(viewer, 'data', `sites_${withSites[0].name}.js`))
    .features.filter((f) => f.properties.status === 'unranked').length;
  if (isFixture || unrankedSites) {
    await results.check('a site without data is drawn unranked with its own symbol and says why', async () => {
      const c0 = withSites[0];
      await selectCommodity(page, c0.name);
      assert(unrankedSites > 0, 'the first commodity has no unranked site');
      assertEqual(await page.locator('.leaflet-marker-pane .site-dot.is-unranked').count(), unrankedSites,
        'unranked markers');
      assert(await page.locator('.map-panel.legend .legend-symbol .site-dot.is-unranked').count() === 1,
        'no legend entry for unranked sites');
      const row = page.locator('#site-table tbody tr.is-unranked').first();
      assertEqual((await row.locator('td').first().textContent()).trim(), '–', 'rank cell of an unranked site');
      await row.click();
      const popup = page.locator('.leaflet-popup').last();
      await popup.locator('.badge-unranked').waitFor({ timeout: 5000 });
      const notes = (await popup.locator('.notes-reasons').last().textContent()).trim();
      assert(notes.startsWith('Not ranked because'), `reason heading: ${notes}`);
      assert(/prospectivity: no value/.test(notes), `reason: ${notes}`);
    });
  }
}

// The screenshot: the first commodity, sorted by rank, the whole grid in view, rank 1's popup open.
async function screenshot(page, meta, artifacts) {
  await selectCommodity(page, meta.commodities[0].name);
  if (await page.getAttribute('#site-table th[data-key="rank"]', 'aria-sort') !== 'ascending') {
    await page.click('#site-table th[data-key="rank"] button');
  }
  await page.evaluate((bounds) => {
    const v = window.oremapViewer;
    v.map.closePopup();
    v.map.fitBounds(bounds, { animate: false, padding: [12, 12] });
    const best = v.state.sites.findIndex((f) => f.properties.rank === 1);
    if (best >= 0) v.state.markers[best].openPopup();
  }, meta.grid.bounds);
  await page.waitForTimeout(400);
  const shot = path.join(artifacts, 'viewer.png');
  await page.screenshot({ path: shot });
  console.log(`# screenshot: ${shot}`);
}

main().catch((e) => {
  console.log(`not ok - the browser test could not run\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
