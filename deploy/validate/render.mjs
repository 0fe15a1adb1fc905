// A small kustomize renderer for deploy/k8s: no kustomize or recent kubectl is packaged for
// Debian 12 (its kubernetes-client is 1.20, whose kustomize predates `patches:`), and CI must
// render offline. It implements only what our kustomizations use, exactly as kustomize does,
// and refuses any other field, so a kustomization cannot silently mean more than it renders:
//   resources         files (YAML, one or more documents) and directories (a kustomization)
//   namespace         set on every object
//   images            name -> newName/newTag, on every container and init container
//   generatorOptions  disableNameSuffixHash: true only (no hash to reproduce)
//   configMapGenerator  name + files (the key is the file's name)
//   patches           JSON 6902 patch files (a YAML list of add/replace/remove), with a
//                     target of kind and name
// Where a kubectl with kustomize is installed, validate.mjs compares this output with it.
import fs from 'node:fs';
import path from 'node:path';

import YAML from 'yaml';

const KNOWN = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images',
  'generatorOptions', 'configMapGenerator', 'patches']);

export function readDocuments(file) {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter((o) => o !== null);
}

function kustomizationOf(dir) {
  const file = path.join(dir, 'kustomization.yaml');
  const [k] = readDocuments(file);
  if (k.kind !== 'Kustomization') throw new Error(`${file}: kind is not Kustomization`);
  for (const field of Object.keys(k)) {
    if (!KNOWN.has(field)) throw new Error(`${file}: ${field} is not supported by render.mjs`);
  }
  return { file, k };
}

// A resource entry's objects, each remembering the file it came from (for messages).
function resourceObjects(dir, entry) {
  const where = path.resolve(dir, entry);
  if (fs.statSync(where).isDirectory()) return render(where);
  return readDocuments(where).map((o) => ({ ...o, [SOURCE]: where }));
}

export const SOURCE = Symbol('source file');

function generateConfigMaps(dir, k) {
  if (k.configMapGenerator && k.generatorOptions?.disableNameSuffixHash !== true) {
    throw new Error(`${dir}: configMapGenerator needs generatorOptions.disableNameSuffixHash: true (render.mjs does not compute kustomize's name hash)`);
  }
  for (const option of Object.keys(k.generatorOptions ?? {})) {
    if (option !== 'disableNameSuffixHash') throw new Error(`${dir}: generatorOptions.${option} is not supported`);
  }
  return (k.configMapGenerator ?? []).map((g) => {
    for (const field of Object.keys(g)) {
      if (!['name', 'files'].includes(field)) throw new Error(`${dir}: configMapGenerator.${field} is not supported`);
    }
    const data = {};
    for (const file of g.files) data[path.basename(file)] = fs.readFileSync(path.resolve(dir, file), 'utf8');
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: g.name }, data, [SOURCE]: path.resolve(dir, g.files[0]) };
  });
}

// RFC 6901 pointer, for the 6902 operations kustomize applies.
function walk(doc, pointer) {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = parts.pop();
  let node = doc;
  for (const part of parts) {
    if (node === undefined || node === null || typeof node !== 'object') throw new Error(`no ${pointer}`);
    node = Array.isArray(node) ? node[Number(part)] : node[part];
  }
  if (node === undefined || node === null || typeof node !== 'object') throw new Error(`no parent for ${pointer}`);
  return { node, last };
}

function applyOperation(doc, op) {
  const { node, last } = walk(doc, op.path);
  const isArray = Array.isArray(node);
  if (op.op === 'add') {
    if (isArray) node.splice(last === '-' ? node.length : Number(last), 0, op.value);
    else node[last] = op.value;
  } else if (op.op === 'replace' || op.op === 'remove') {
    const exists = isArray ? Number(last) < node.length : Object.hasOwn(node, last);
    if (!exists) throw new Error(`${op.op} ${op.path}: no such value`);
    if (op.op === 'remove') {
      if (isArray) node.splice(Number(last), 1); else delete node[last];
    } else if (isArray) node[Number(last)] = op.value;
    else node[last] = op.value;
  } else {
    throw new Error(`operation ${op.op} is not supported`);
  }
}

function applyPatches(dir, k, objects) {
  for (const patch of k.patches ?? []) {
    for (const field of Object.keys(patch)) {
      if (!['path', 'target'].includes(field)) throw new Error(`${dir}: patches[].${field} is not supported`);
    }
    const target = patch.target ?? {};
    for (const field of Object.keys(target)) {
      if (!['kind', 'name'].includes(field)) throw new Error(`${dir}: patches[].target.${field} is not supported`);
    }
    const [ops] = readDocuments(path.resolve(dir, patch.path));
    if (!Array.isArray(ops)) throw new Error(`${patch.path}: only JSON 6902 patches (a list of operations) are supported`);
    const hits = objects.filter((o) => o.kind === target.kind && o.metadata?.name === target.name);
    if (hits.length === 0) throw new Error(`${patch.path}: no ${target.kind}/${target.name} to patch`);
    for (const o of hits) for (const op of ops) applyOperation(o, op);
  }
}

function podSpecs(o) {
  const spec = o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
  return spec ? [spec] : [];
}

function setImages(k, objects) {
  for (const image of k.images ?? []) {
    for (const field of Object.keys(image)) {
      if (!['name', 'newName', 'newTag'].includes(field)) throw new Error(`images.${field} is not supported`);
    }
    for (const spec of objects.flatMap(podSpecs)) {
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        const [name, tag] = c.image.split(':');
        if (name !== image.name) continue;
        c.image = `${image.newName ?? name}${image.newTag ? `:${image.newTag}` : tag ? `:${tag}` : ''}`;
      }
    }
  }
}

// The objects of the kustomization in `dir`, as `kubectl apply -k dir` would send them.
export function render(dir) {
  const { k } = kustomizationOf(dir);
  // Copies, so patching an overlay never changes what another overlay reads from a base.
  const objects = [
    ...(k.resources ?? []).flatMap((entry) => resourceObjects(dir, entry)),
    ...generateConfigMaps(dir, k),
  ].map((o) => Object.assign(structuredClone(o), { [SOURCE]: o[SOURCE] }));
  applyPatches(dir, k, objects);
  setImages(k, objects);
  if (k.namespace) for (const o of objects) o.metadata.namespace = k.namespace;
  return objects;
}
