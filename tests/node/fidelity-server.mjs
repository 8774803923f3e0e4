// One long-lived helper process for the fidelity harness (tests/fidelity).
//
// Protocol: one JSON request per line on stdin, one JSON response per line on stdout, in order.
//   {"id": 1, "op": "apply", "template": {...}, "diagram": "<bpmn xml>", "element": "Task_1"}
//       -> {"id": 1, "xml": "..."}          element-templates-cli 0.5.0's own applyTemplate()
//   {"id": 1, "op": "apply_many", "jobs": [{"template": {...}, "diagram": "...",
//                                          "element": "Task_1"}, ...]}
//       -> {"id": 1, "results": [{"xml": "..."} | {"error": "..."}, ...]}
//          the same applyTemplate(), the jobs spread over worker threads of this one process
//          (applying is CPU-bound: the Modeler re-checks every property binding per command)
//   {"id": 2, "op": "mappings", "jobs": [{"inputs": [[target, source|null], ...],
//                                          "variables": {...}}, ...]}
//       -> {"id": 2, "results": [{"variables": {...}, "steps": [...]}, ...]}
//          Zeebe input-mapping semantics: mappings run in order; `=expr` is FEEL (feelin 8.2.0),
//          a missing source is null, any other text is a static value, always a string (Zeebe's
//          VariableMappingTransformer wraps a static source in a FEEL string literal, so `007`
//          stays "007", and an empty source="" -- a Dropdown left on "(not set)", an emptied
//          field -- is the empty text, not null); a dotted target merges into a context.
//   {"id": 3, "op": "evaluate", "jobs": [{"expression": "...", "context": {...}}, ...]}
//       -> {"id": 3, "results": [{"value": ..., "warnings": [...]} | {"error": "..."}]}
//   {"id": 6, "op": "patterns", "jobs": [{"pattern": "^\\d+$", "value": "12"}, ...]}
//       -> {"id": 6, "results": [{"matches": true} | {"error": "..."}, ...]}
//          a template constraint pattern as the Modeler checks it: new RegExp(pattern).test(value)
//   {"id": 4, "op": "swagger2openapi", "file": "/abs/spec.json"}
//       -> {"id": 4, "openapi": {...}, "patches": n}   swagger2openapi 7.0.8's convertObj
//          (patch + warnOnly: fix what it can, mark the rest with x-s2o-warning; no external
//          resolution: relative $refs stay relative to the file)
//   {"id": 5, "op": "ping"} -> {"id": 5, "pong": true}
// Errors never kill the process: a failing request answers {"id": n, "error": "..."}.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

import { evaluate } from 'feelin';
import { applyTemplate } from 'element-templates-cli/dist/index.js';

const require = createRequire(import.meta.url);
const swagger2openapi = require('swagger2openapi');
const yaml = require('yaml');

// Library chatter must not corrupt the protocol on stdout.
console.log = (...args) => process.stderr.write(args.join(' ') + '\n');
console.info = console.log;
console.warn = console.log;

function plain(value) {
  // FEEL values that JSON cannot carry (dates, durations, functions) become their text form,
  // which is how Zeebe hands temporal values to a job worker.
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') return `<function>`;
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    return value;
  }
  if (Array.isArray(value)) return value.map(plain);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    return typeof value.toString === 'function' ? String(value.toString()) : null;
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v);
  return out;
}

function assign(scope, target, value) {
  const parts = target.split('.');
  let node = scope;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object' || Array.isArray(node[part])) {
      node[part] = {};
    }
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

function runMappings(job) {
  const processVariables = job.variables || {};
  const locals = {};
  const steps = [];
  for (const [target, source] of job.inputs) {
    const step = { target, source };
    let value = null;
    if (source === null || source === undefined) {
      value = null;
    } else if (source.startsWith('=')) {
      try {
        const result = evaluate(source.slice(1), { ...processVariables, ...locals });
        value = plain(result.value);
        if (result.warnings && result.warnings.length) {
          step.warnings = result.warnings.map(w => ({ type: w.type, message: w.message }));
        }
      } catch (e) {
        step.error = String(e && e.message || e);
        value = null;
      }
    } else {
      value = source;  // static: the text itself
    }
    step.value = value;
    assign(locals, target, value);
    steps.push(step);
  }
  return { variables: locals, steps };
}

function runEvaluate(job) {
  try {
    const result = evaluate(job.expression, job.context || {});
    return {
      value: plain(result.value),
      warnings: (result.warnings || []).map(w => ({ type: w.type, message: w.message }))
    };
  } catch (e) {
    return { error: String(e && e.message || e) };
  }
}

function runPattern(job) {
  // bpmn-js-element-templates' validateProperty: matchesPattern(value, pattern), no flags
  try {
    return { matches: new RegExp(job.pattern).test(job.value) };
  } catch (e) {
    return { error: String(e && e.message || e) };
  }
}

async function handle(request) {
  switch (request.op) {
  case 'ping':
    return { pong: true };
  case 'apply':
    return { xml: await applyOne(request) };
  case 'apply_many':
    return { results: await applyMany(request.jobs) };
  case 'swagger2openapi': {
    const text = readFileSync(request.file, 'utf8');
    const swagger = request.file.endsWith('.json') ? JSON.parse(text) : yaml.parse(text);
    const options = { patch: true, warnOnly: true, text, source: request.file };
    const result = await swagger2openapi.convertObj(swagger, options);
    return { openapi: result.openapi, patches: result.patches };
  }
  case 'mappings':
    return { results: request.jobs.map(runMappings) };
  case 'evaluate':
    return { results: request.jobs.map(runEvaluate) };
  case 'patterns':
    return { results: request.jobs.map(runPattern) };
  default:
    throw new Error(`unknown op ${request.op}`);
  }
}

// Worker threads (this same file) that only apply templates.
const WORKERS = Math.max(1, Number(process.env.FIDELITY_APPLY_WORKERS) || Math.min(2, availableParallelism()));
let pool = null;

function startPool() {
  const workers = [];
  for (let i = 0; i < WORKERS; i++) {
    const worker = new Worker(new URL(import.meta.url));
    const slot = { worker, busy: false, resolve: null, reject: null };
    worker.on('message', answer => {
      const done = slot.resolve;
      slot.busy = false;
      slot.resolve = slot.reject = null;
      done(answer);
      next();
    });
    worker.on('error', e => { if (slot.reject) slot.reject(e); });
    worker.unref();
    workers.push(slot);
  }
  const waiting = [];
  function next() {
    const free = workers.find(w => !w.busy);
    if (!free || !waiting.length) return;
    const { job, resolve, reject } = waiting.shift();
    free.busy = true;
    free.resolve = resolve;
    free.reject = reject;
    free.worker.postMessage(job);
  }
  return {
    run(job) {
      return new Promise((resolve, reject) => { waiting.push({ job, resolve, reject }); next(); });
    }
  };
}

async function applyOne(job) {
  const template = typeof job.template === 'string' ? job.template : JSON.stringify(job.template);
  return applyTemplate(job.diagram, template, job.element || 'Task_1');
}

async function applyMany(jobs) {
  if (!pool) pool = startPool();
  return Promise.all(jobs.map(job => pool.run(job)));
}

if (!isMainThread) {
  parentPort.on('message', async job => {
    try {
      parentPort.postMessage({ xml: await applyOne(job) });
    } catch (e) {
      parentPort.postMessage({ error: String(e && e.stack || e) });
    }
  });
} else {
  serve();
}

function serve() {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let queue = Promise.resolve();
  lines.on('line', line => {
    if (!line.trim()) return;
    queue = queue.then(async () => {
      let request;
      try {
        request = JSON.parse(line);
        const answer = await handle(request);
        process.stdout.write(JSON.stringify({ id: request.id, ...answer }) + '\n');
      } catch (e) {
        const id = request && request.id !== undefined ? request.id : null;
        process.stdout.write(JSON.stringify({ id, error: String(e && e.stack || e) }) + '\n');
      }
    });
  });
}
