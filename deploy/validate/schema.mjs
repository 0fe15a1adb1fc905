// Every object against its API schema, offline, in two passes over the same models:
//  1. kubernetes-models' validate(): the OpenAPI schemas of the Kubernetes API (and of
//     prometheus-operator's CRDs) compiled with ajv: types, required fields, enums, formats,
//     patterns. Those schemas allow unknown fields (the API server prunes them), so
//  2. the TypeScript compiler checks each object as an object literal of the same package's
//     generated interface (IDeployment, IServiceMonitor…): an unknown field anywhere in it is
//     an "excess property" error. That is what a typo like `readinesProbe` needs.
// The models are pinned in package-lock.json (kubernetes-models 4.5.1, the Kubernetes 1.33
// API); their 4.x line runs on Debian 12's Node.js 18.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function modelModule(o) {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : [null, o.apiVersion];
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${group}/${version}/${o.kind}`;
  return group ? `kubernetes-models/${group}/${version}/${o.kind}` : `kubernetes-models/${version}/${o.kind}`;
}

export function describe(o) {
  return `${o.kind}/${o.metadata?.name}`;
}

function plain(o) {
  return JSON.parse(JSON.stringify(o));
}

export async function validateModels(objects) {
  const problems = [];
  for (const o of objects) {
    let Model;
    try {
      Model = (await import(modelModule(o)))[o.kind];
    } catch {
      problems.push(`${describe(o)}: no model for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(plain(o)).validate();
    } catch (e) {
      problems.push(`${describe(o)}: ${e.message}`);
    }
  }
  return problems;
}

// One generated file, one `const` per object on lines of its own, so a diagnostic's line
// names the object and the offending property.
export function validateStrict(objects) {
  const dir = fs.mkdtempSync(path.join(HERE, '.strict-'));
  const file = path.join(dir, 'objects.ts');
  const owners = [];
  const lines = [];
  objects.forEach((o, i) => lines.push(`import type { I${o.kind} as T${i} } from "${modelModule(o)}";`));
  objects.forEach((o, i) => {
    const body = JSON.stringify(plain(o), null, 2).split('\n');
    const start = lines.length;
    lines.push(`export const o${i}: T${i} = ${body[0]}`, ...body.slice(1).map((l, j) => (j === body.length - 2 ? `${l};` : l)));
    for (let line = start; line < lines.length; line++) owners[line] = o;
  });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  try {
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, skipLibCheck: true, types: [],
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (!d.file || d.file.fileName !== file) return text;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      const owner = owners[line];
      return `${owner ? describe(owner) : 'objects.ts'}: ${text.slice(0, 240)} (at: ${lines[line].trim()})`;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
