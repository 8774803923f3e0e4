#!/usr/bin/env node
// Validate element templates with the official @bpmn-io/element-templates-validator (Zeebe schema),
// many files in ONE node process, and print a JSON report on stdout.
//
// Usage: node tests/node/validate-templates.cjs PATH...
//   PATH is a .json file (one template or an array of templates) or a directory (searched
//   recursively for *.json, sorted).
// Exit: 0 all valid, 1 some file or template invalid, 2 usage error (no PATH, missing PATH).
//
// Report:
//   { valid, validator, schema, files: [ { file, valid, errors, templates: [
//       { index, id, version, valid, errors, warnings } ] } ] }
//   index is null when the file holds one template object, else the array position.
//   errors / warnings: [ { path, message, keyword, line } ]; path is relative to the template,
//   line is 1-based in the file (null when unknown). File-level errors are the ones that belong
//   to no single template (unreadable file, bad JSON, root neither object nor array).
//
// Known noise of validator 2.26.0 that is filtered out (reference §7.6 "Quirks"):
//   - warning "Value is deprecated" on a `feel: required` value that DOES start with "=": the
//     `deprecated` keyword fires inside the non-matching oneOf branch because ajv runs with
//     allErrors. The same warning on a value without "=" is real and is kept.
//   - the root errors of the object-or-array `oneOf` (`/ must be array`, `/ must be object`,
//     `/ must match exactly one schema in oneOf`) when other errors explain the failure.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const {
  validateZeebe, getZeebeSchemaPackage, getZeebeSchemaVersion
} = require('@bpmn-io/element-templates-validator');
const validatorVersion = require('@bpmn-io/element-templates-validator/package.json').version;

const FEEL_REQUIRED_DEPRECATED = /\/properties\/value\/oneOf\/1\/deprecated$/;
const ROOT_ONEOF_NOISE = new Set(['#/oneOf', '#/oneOf/1/type', '#/type']);

function collectFiles(args) {
  const files = [];
  const missing = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort(
      (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.json')) files.push(full);
    }
  };
  for (const arg of args) {
    let stat;
    try { stat = fs.statSync(arg); } catch { missing.push(arg); continue; }
    if (stat.isDirectory()) walk(arg); else files.push(arg);
  }
  return { files, missing };
}

function resolvePointer(root, pointer) {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

function issue(e) {
  const line = e.dataPointer && e.dataPointer.value ? e.dataPointer.value.line + 1 : null;
  return { path: e.instancePath || '/', message: e.message, keyword: e.keyword || null, line };
}

function isNoiseWarning(w, root) {
  if (w.message !== 'Value is deprecated' || !FEEL_REQUIRED_DEPRECATED.test(w.schemaPath || '')) {
    return false;
  }
  const value = resolvePointer(root, w.instancePath);
  return typeof value === 'string' && value.startsWith('=');
}

function validateFile(file) {
  const result = { file, valid: false, errors: [], templates: [] };
  let text;
  let root;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    result.errors.push({ path: '/', message: `cannot read: ${err.message}`, keyword: 'io', line: null });
    return result;
  }
  try {
    root = JSON.parse(text);
  } catch (err) {
    result.errors.push({ path: '/', message: `invalid JSON: ${err.message}`, keyword: 'json', line: null });
    return result;
  }
  const isArray = Array.isArray(root);
  const isObject = root !== null && typeof root === 'object' && !isArray;

  // Validate the text (not the object) so that errors carry line numbers.
  const { errors = [], warnings = [] } = validateZeebe(text);
  const allErrors = errors || [];
  let keptErrors = allErrors;
  if (isObject || isArray) {
    const real = allErrors.filter((e) => !(e.instancePath === '' && ROOT_ONEOF_NOISE.has(e.schemaPath)));
    if (real.length) keptErrors = real;
  }
  const keptWarnings = (warnings || []).filter((w) => !isNoiseWarning(w, root));

  const templates = isArray ? root : isObject ? [root] : [];
  result.templates = templates.map((t, index) => {
    const obj = t !== null && typeof t === 'object' && !Array.isArray(t) ? t : {};
    return {
      index: isArray ? index : null,
      id: obj.id === undefined ? null : obj.id,
      version: obj.version === undefined ? null : obj.version,
      valid: true,
      errors: [],
      warnings: []
    };
  });
  // Route each finding to its template: "/3/properties/1" belongs to template 3 when the root is
  // an array; everything belongs to the only template when the root is an object.
  const route = (e, kind) => {
    const item = issue(e);
    if (isObject) {
      result.templates[0][kind].push(item);
      return;
    }
    const m = isArray ? /^\/(\d+)(\/.*)?$/.exec(e.instancePath || '') : null;
    if (m && result.templates[Number(m[1])]) {
      item.path = m[2] || '/';
      result.templates[Number(m[1])][kind].push(item);
    } else if (kind === 'errors') {
      result.errors.push(item);
    }
  };
  keptErrors.forEach((e) => route(e, 'errors'));
  keptWarnings.forEach((w) => route(w, 'warnings'));
  for (const t of result.templates) t.valid = t.errors.length === 0;
  result.valid = result.errors.length === 0 && result.templates.every((t) => t.valid);
  return result;
}

function main(argv) {
  if (!argv.length) {
    process.stderr.write('usage: node validate-templates.cjs PATH...  (files or directories)\n');
    return 2;
  }
  const { files, missing } = collectFiles(argv);
  if (missing.length) {
    process.stderr.write(`no such file or directory: ${missing.join(', ')}\n`);
    return 2;
  }
  const results = files.map(validateFile);
  const report = {
    valid: results.every((r) => r.valid),
    validator: `@bpmn-io/element-templates-validator@${validatorVersion}`,
    schema: `${getZeebeSchemaPackage()}@${getZeebeSchemaVersion()}`,
    files: results
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  return report.valid ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
