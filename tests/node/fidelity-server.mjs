// One long-lived helper process for the fidelity harness (tests/fidelity).
//
// Protocol: one JSON request per line on stdin, one JSON response per line on stdout, in order.
//   {"id": 1, "op": "apply", "template": {...}, "diagram": "<bpmn xml>", "element": "Task_1"}
//       -> {"id": 1, "xml": "..."}          element-templates-cli 0.5.0's own applyTemplate()
//   {"id": 2, "op": "mappings", "jobs": [{"inputs": [[target, source|null], ...],
//                                          "variables": {...}}, ...]}
//       -> {"id": 2, "results": [{"variables": {...}, "steps": [...]}, ...]}
//          Zeebe input-mapping semantics: mappings run in order; `=expr` is FEEL (feelin 8.2.0),
//          a missing source is null, any other text is a static value (a number when it parses
//          as Java BigDecimal, else a string); a dotted target merges into a context.
//   {"id": 3, "op": "evaluate", "jobs": [{"expression": "...", "context": {...}}, ...]}
//       -> {"id": 3, "results": [{"value": ..., "warnings": [...]} | {"error": "..."}]}
//   {"id": 4, "op": "ping"} -> {"id": 4, "pong": true}
// Errors never kill the process: a failing request answers {"id": n, "error": "..."}.

import { createInterface } from 'node:readline';

import { evaluate } from 'feelin';
import { applyTemplate } from 'element-templates-cli/dist/index.js';

// Library chatter must not corrupt the protocol on stdout.
console.log = (...args) => process.stderr.write(args.join(' ') + '\n');
console.info = console.log;
console.warn = console.log;

const STATIC_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

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

function staticValue(text) {
  return STATIC_NUMBER.test(text) ? Number(text) : text;
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
    if (source === null || source === undefined || source === '') {
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
      value = staticValue(source);
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

async function handle(request) {
  switch (request.op) {
  case 'ping':
    return { pong: true };
  case 'apply': {
    const template = typeof request.template === 'string'
      ? request.template : JSON.stringify(request.template);
    const xml = await applyTemplate(request.diagram, template, request.element || 'Task_1');
    return { xml };
  }
  case 'mappings':
    return { results: request.jobs.map(runMappings) };
  case 'evaluate':
    return { results: request.jobs.map(runEvaluate) };
  default:
    throw new Error(`unknown op ${request.op}`);
  }
}

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
