#!/usr/bin/env node
// Conformance checker for generated artefacts (spec contracts.md §2.3 and §2.4 "Conformance").
//
// Usage: node conformance.js request.json      (example: samples/request.json)
//
// request.json:
//   {"solidity":[{"name":"...","source":"..."}],
//    "x402":[{"name":"...","v1":{...}|null,"v2":{...}}]}
//
// stdout (one JSON object):
//   {"compiler":"<solc version>",
//    "solidity":[{"name","ok","errors":[...],"warnings":[...]}],
//    "x402":[{"name","v1ok","v1errors","v2ok","v2errors","requirementsOk","requirementsErrors"}]}
//
// Reference implementations:
//   - solc (npm) — Solidity compiler, standard JSON input; only severity "error" entries count as errors.
//   - @x402/core/schemas — PaymentRequiredV1Schema, PaymentRequiredV2Schema (zod).
//   - x402/types — PaymentRequirementsSchema (zod), applied to every element of v1.accepts.
//
// Exit status: 0 when the request was processed (whatever the verdicts), 2 on a malformed request.
'use strict';

const fs = require('fs');

function fail(message) {
  process.stderr.write(`conformance.js: ${message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------------
// Solidity

function compileStandardJson(solc, units) {
  const sources = {};
  for (const [file, content] of units) sources[file] = { content };
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      // Requesting bytecode runs code generation too, so codegen-only failures ("Stack too deep", …) are caught.
      // About 2-3x slower than ['abi'] (analysis only), still ~30 ms per small contract once solc is loaded.
      outputSelection: { '*': { '*': ['evm.bytecode.object'] } },
    },
  };
  return JSON.parse(solc.compile(JSON.stringify(input)));
}

function describe(entry) {
  const text = (entry.formattedMessage || `${entry.type}: ${entry.message}`).trim();
  return text;
}

// Splits compiler diagnostics per source unit. Diagnostics without a source location are attributed to every unit.
function collect(output, files) {
  const perFile = new Map(files.map((f) => [f, { errors: [], warnings: [] }]));
  for (const entry of output.errors || []) {
    const file = entry.sourceLocation && entry.sourceLocation.file;
    const targets = file && perFile.has(file) ? [file] : files;
    for (const target of targets) {
      const bucket = perFile.get(target);
      (entry.severity === 'error' ? bucket.errors : bucket.warnings).push(describe(entry));
    }
  }
  return perFile;
}

function checkSolidity(items) {
  if (items.length === 0) return { version: null, results: [] };
  const solc = require('solc');
  const files = items.map((item, i) => `${i}_${sanitizeFileName(item.name)}.sol`);
  const units = items.map((item, i) => [files[i], String(item.source)]);

  // One compile call for everything (fast path). When anything fails, solc may stop before analysing the other
  // units (a parser error in one file skips type checking of all), so recompile each unit alone to get per-unit
  // verdicts that do not depend on the rest of the batch.
  let perFile = collect(compileStandardJson(solc, units), files);
  const anyError = [...perFile.values()].some((r) => r.errors.length > 0);
  if (anyError && items.length > 1) {
    perFile = new Map();
    for (const unit of units) {
      perFile.set(unit[0], collect(compileStandardJson(solc, [unit]), [unit[0]]).get(unit[0]));
    }
  }
  const results = items.map((item, i) => {
    const r = perFile.get(files[i]);
    return { name: item.name, ok: r.errors.length === 0, errors: r.errors, warnings: r.warnings };
  });
  return { version: solc.version(), results };
}

function sanitizeFileName(name) {
  return String(name).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
}

// ---------------------------------------------------------------------------------------------------------------
// x402

function issues(result, prefix) {
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
    return `${prefix}${path}: ${issue.message}`;
  });
}

function checkX402(items) {
  if (items.length === 0) return [];
  const { PaymentRequiredV1Schema, PaymentRequiredV2Schema } = require('@x402/core/schemas');
  const { PaymentRequirementsSchema } = require('x402/types');

  return items.map((item) => {
    const out = { name: item.name };

    if (item.v1 === null || item.v1 === undefined) {
      // No v1 object (network without a v1 name): not applicable.
      Object.assign(out, { v1ok: true, v1errors: [], requirementsOk: true, requirementsErrors: [] });
    } else {
      const v1errors = issues(PaymentRequiredV1Schema.safeParse(item.v1), 'v1');
      const requirementsErrors = [];
      const accepts = item.v1 && item.v1.accepts;
      if (!Array.isArray(accepts)) {
        requirementsErrors.push('v1.accepts: not an array');
      } else {
        accepts.forEach((req, i) => {
          requirementsErrors.push(...issues(PaymentRequirementsSchema.safeParse(req), `v1.accepts[${i}]`));
        });
      }
      Object.assign(out, {
        v1ok: v1errors.length === 0,
        v1errors,
        requirementsOk: requirementsErrors.length === 0,
        requirementsErrors,
      });
    }

    if (item.v2 === null || item.v2 === undefined) {
      Object.assign(out, { v2ok: false, v2errors: ['v2: missing'] });
    } else {
      const v2errors = issues(PaymentRequiredV2Schema.safeParse(item.v2), 'v2');
      Object.assign(out, { v2ok: v2errors.length === 0, v2errors });
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------------------------

function main() {
  const file = process.argv[2];
  if (!file) fail('usage: node conformance.js request.json');
  let request;
  try {
    request = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read request ${file}: ${e.message}`);
  }
  const solidity = request.solidity || [];
  const x402 = request.x402 || [];
  if (!Array.isArray(solidity) || !Array.isArray(x402)) fail('"solidity" and "x402" must be arrays');

  const sol = checkSolidity(solidity);
  const response = { compiler: sol.version, solidity: sol.results, x402: checkX402(x402) };
  process.stdout.write(JSON.stringify(response) + '\n');
}

main();
