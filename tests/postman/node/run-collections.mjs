// Runs Postman collections with newman (Postman's own runner), one after the other in this one
// process: argv[2] is a JSON file holding [{collection, environment}] paths. The requests go
// wherever the collections send them (the tests point them at a local echo server first).
// Prints one JSON line per run: {collection, failures} (failures: newman's own run errors).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const newman = require('newman');
const runs = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function run(job) {
  return new Promise((resolve) => {
    newman.run({
      collection: job.collection,
      environment: job.environment,
      reporters: [],
      timeoutRequest: 5000,
      ignoreRedirects: true,
      insecure: true,
    }, (err, summary) => {
      const failures = err ? [String(err)] :
        summary.run.failures.filter((f) => f.error && f.error.name !== 'AssertionError')
          .map((f) => `${f.error.name}: ${f.error.message}`);
      resolve({ collection: job.collection, failures });
    });
  });
}

for (const job of runs) {
  process.stdout.write(JSON.stringify(await run(job)) + '\n');
}
