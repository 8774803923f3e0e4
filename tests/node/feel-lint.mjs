#!/usr/bin/env node
// Lint FEEL expressions with @bpmn-io/feel-lint (the linter of the Camunda Modeler's FEEL editor).
//
// Usage: echo '["a + 1", "{ a: }"]' | node tests/node/feel-lint.mjs
//   stdin: a JSON array of FEEL expressions, WITHOUT the leading "=" of a template value.
//   stdout: a JSON array, one list per expression, of problems
//           { severity, type, message, from, to } (from/to: character offsets).
// Exit: 0 when the input was read (whatever the lint result), 2 on bad input.
import { lintExpression } from '@bpmn-io/feel-lint';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);

let expressions;
try {
  expressions = JSON.parse(Buffer.concat(chunks).toString('utf8'));
} catch (err) {
  process.stderr.write(`stdin is not JSON: ${err.message}\n`);
  process.exit(2);
}
if (!Array.isArray(expressions) || !expressions.every((e) => typeof e === 'string')) {
  process.stderr.write('stdin must be a JSON array of strings\n');
  process.exit(2);
}

const results = expressions.map((expression) => lintExpression(expression).map(
  ({ severity, type, message, from, to }) => ({ severity, type, message, from, to })));
process.stdout.write(JSON.stringify(results) + '\n');
