// References between the rendered objects, which no schema sees: a selector that matches no
// pod, a port name no container has, a Secret key the template lacks. Each would pass the
// API server and fail only in a cluster.
import { describe } from './schema.mjs';

export const WORKLOADS = new Set(['Deployment', 'StatefulSet']);

const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

export function podsOf(objects) {
  return objects.filter((o) => WORKLOADS.has(o.kind));
}

export function containerPorts(workload) {
  return workload.spec.template.spec.containers.flatMap((c) => c.ports ?? []);
}

function find(objects, kind, name) {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

export function checkReferences(objects, secret) {
  const problems = [];
  const fail = (o, text) => problems.push(`${describe(o)}: ${text}`);
  const workloads = podsOf(objects);
  if (workloads.length !== 1) problems.push(`expected one workload, found ${workloads.length}`);

  for (const w of workloads) {
    const pod = w.spec.template;
    if (!matches(w.spec.selector.matchLabels, pod.metadata.labels)) fail(w, 'selector does not match its pod template');
    const spec = pod.spec;
    if (spec.serviceAccountName && !find(objects, 'ServiceAccount', spec.serviceAccountName)) fail(w, `no ServiceAccount ${spec.serviceAccountName}`);
    if (w.kind === 'StatefulSet' && !find(objects, 'Service', w.spec.serviceName)) fail(w, `serviceName ${w.spec.serviceName} is no Service`);
    const volumes = new Set([...(spec.volumes ?? []), ...(w.spec.volumeClaimTemplates ?? []).map((t) => t.metadata)].map((v) => v.name));
    for (const v of spec.volumes ?? []) {
      if (v.configMap && !find(objects, 'ConfigMap', v.configMap.name)) fail(w, `volume ${v.name}: no ConfigMap ${v.configMap.name}`);
    }
    for (const c of spec.containers) {
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) fail(w, `${c.name}: mount ${m.name} has no volume`);
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (!ref) continue;
        if (ref.name !== secret.metadata.name) fail(w, `${e.name}: Secret ${ref.name} is not the template's ${secret.metadata.name}`);
        else if (!Object.hasOwn(secret.stringData ?? {}, ref.key)) fail(w, `${e.name}: the Secret template has no key ${ref.key}`);
      }
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const port = c[probe]?.httpGet?.port;
        if (port !== undefined && !(c.ports ?? []).some((p) => p.name === port || p.containerPort === port)) fail(w, `${probe}: no container port ${port}`);
      }
    }
  }

  const podLabels = workloads.map((w) => w.spec.template.metadata.labels);
  const selectsPods = (selector) => podLabels.some((l) => matches(selector, l));
  const portNames = new Set(workloads.flatMap(containerPorts).map((p) => p.name));
  for (const o of objects) {
    if (o.kind === 'Service') {
      if (!selectsPods(o.spec.selector)) fail(o, 'selects no pod');
      for (const p of o.spec.ports) if (typeof p.targetPort === 'string' && !portNames.has(p.targetPort)) fail(o, `targetPort ${p.targetPort} is no container port`);
    } else if (o.kind === 'PodDisruptionBudget' || o.kind === 'NetworkPolicy') {
      const selector = o.kind === 'NetworkPolicy' ? o.spec.podSelector.matchLabels : o.spec.selector.matchLabels;
      if (!selectsPods(selector)) fail(o, 'selects no pod');
      for (const rule of o.spec.ingress ?? []) {
        for (const p of rule.ports ?? []) if (typeof p.port === 'string' && !portNames.has(p.port)) fail(o, `ingress port ${p.port} is no container port`);
      }
    } else if (o.kind === 'HorizontalPodAutoscaler') {
      const t = o.spec.scaleTargetRef;
      if (!find(objects, t.kind, t.name)) fail(o, `no ${t.kind}/${t.name} to scale`);
    } else if (o.kind === 'ServiceMonitor') {
      const services = objects.filter((s) => s.kind === 'Service' && matches(o.spec.selector.matchLabels, s.metadata.labels));
      if (services.length === 0) fail(o, 'selects no Service');
      for (const e of o.spec.endpoints) {
        if (!services.some((s) => s.spec.ports.some((p) => p.name === e.port))) fail(o, `no selected Service has a port ${e.port}`);
      }
    }
  }
  return problems;
}
