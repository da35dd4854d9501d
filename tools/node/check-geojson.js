#!/usr/bin/env node
// Validates GeoJSON files with two independent validators: @placemarkio/check-geojson
// (RFC 7946 structure) and @mapbox/geojsonhint 2.2 (structure, right-hand rule, precision).
// Usage: node tools/node/check-geojson.js file.geojson [...]; exit 0 when every file passes,
// 1 when any has an issue (each printed as "file: validator: message"), 2 on usage errors.
'use strict';
const fs = require('fs');
const path = require('path');
const { check, HintError } = require(path.join(__dirname, 'node_modules/@placemarkio/check-geojson'));
const geojsonhint = require(path.join(__dirname, 'node_modules/@mapbox/geojsonhint'));

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: check-geojson.js file.geojson [...]');
  process.exit(2);
}

let failed = false;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const problems = [];
  try {
    check(text);
  } catch (e) {
    if (e instanceof HintError) for (const i of e.issues) problems.push(`check-geojson: ${i.message}`);
    else problems.push(`check-geojson: ${e.message}`);
  }
  // Every message counts, warnings included (right-hand rule, excess precision).
  for (const e of geojsonhint.hint(text)) problems.push(`geojsonhint: ${e.message} (line ${e.line})`);
  for (const p of problems) console.log(`${file}: ${p}`);
  if (problems.length) failed = true;
  else console.log(`${file}: ok`);
}
process.exit(failed ? 1 : 0);
