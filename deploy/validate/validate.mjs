// deploy/check.sh's Kubernetes check: renders each overlay of deploy/k8s, then checks every
// object against the API schemas (schema.mjs), against each other (refs.mjs) and against the
// program (program.mjs), offline. `node validate.mjs --self-test` also breaks the manifests
// in memory in ways each check must catch (selftest.mjs), so a check that stopped checking
// fails CI. Exit 1 on any problem.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

import YAML from 'yaml';

import { checkProgram, programFacts } from './program.mjs';
import { checkReferences } from './refs.mjs';
import { readDocuments, render } from './render.mjs';
import { describe, validateModels, validateStrict } from './schema.mjs';
import { selfTest } from './selftest.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
const K8S = path.join(REPO, 'deploy/k8s');

const plainKeyed = (objects) => new Map(objects.map((o) => [describe(o), JSON.parse(JSON.stringify(o))]));

// Where kubectl (with its kustomize) is installed, our renderer must agree with it exactly.
function compareWithKubectl(dir, objects) {
  const probe = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { skipped: probe.error ? 'no kubectl' : probe.stderr.trim() };
  const theirs = plainKeyed(YAML.parseAllDocuments(probe.stdout).map((d) => d.toJS()).filter(Boolean));
  const ours = plainKeyed(objects);
  const problems = [];
  for (const key of new Set([...theirs.keys(), ...ours.keys()])) {
    if (!isDeepStrictEqual(theirs.get(key), ours.get(key))) problems.push(`${key}: render.mjs differs from kubectl kustomize`);
  }
  return { problems };
}

export function loadSecret() {
  const [secret] = readDocuments(path.join(K8S, 'secret.example.yaml'));
  return secret;
}

export async function checkObjects(objects, secret, context) {
  return [
    ...await validateModels(objects),
    ...validateStrict(objects),
    ...checkReferences(objects, secret),
    ...checkProgram(objects, secret, context),
  ];
}

async function main() {
  const binary = process.env.GOFROBOT_BINARY || path.join(REPO, 'build/release/src/app/gofrobot');
  if (!fs.existsSync(binary)) {
    console.error(`validate: no gofrobot binary at ${binary} (build it, or set GOFROBOT_BINARY)`);
    process.exit(2);
  }
  const context = { binary, facts: programFacts(REPO) };
  const secret = loadSecret();
  const problems = [];
  const overlays = fs.readdirSync(path.join(K8S, 'overlays')).sort();
  const rendered = {};
  for (const name of overlays) {
    const dir = path.join(K8S, 'overlays', name);
    const objects = render(dir);
    rendered[name] = objects;
    const found = await checkObjects(objects, secret, context);
    const kubectl = compareWithKubectl(dir, objects);
    problems.push(...found.map((p) => `${name}: ${p}`), ...(kubectl.problems ?? []).map((p) => `${name}: ${p}`));
    console.log(`k8s ${name}: ${objects.length} objects (${objects.map(describe).join(', ')}); ` +
      `renderer vs kubectl kustomize: ${kubectl.skipped ? `not compared (${kubectl.skipped})` : 'identical'}`);
  }
  problems.push(...(await validateModels([secret])), ...validateStrict([secret]).map((p) => `secret.example.yaml: ${p}`));
  if (process.argv.includes('--self-test')) {
    const failures = await selfTest(rendered, secret, context, checkObjects);
    problems.push(...failures);
  }
  for (const p of problems) console.error(`FAIL ${p}`);
  console.log(problems.length === 0 ? 'k8s: every check passed' : `k8s: ${problems.length} problems`);
  process.exit(problems.length === 0 ? 0 : 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
