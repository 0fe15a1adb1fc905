// deploy/check.sh's static check of deploy/grafana/gofrobot.json and deploy/prometheus/rules:
// the dashboard is valid JSON in the shape Grafana imports (a schemaVersion, a Prometheus
// data source variable that every panel and target uses, targets with an expression, unique
// ids), and every metric either file names is one docs/OPERATIONS.md documents (Prometheus's
// own `up` and the kubelet's volume statistics aside). That the queries return data from a
// live bot is tests/e2e/prometheus.test.mjs's job.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import YAML from 'yaml';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DASHBOARD = path.join(REPO, 'deploy/grafana/gofrobot.json');
const RULES = path.join(REPO, 'deploy/prometheus/rules');
const OPERATIONS = path.join(REPO, 'docs/OPERATIONS.md');
const NOT_THE_BOTS = new Set(['up', 'kubelet_volume_stats_available_bytes', 'kubelet_volume_stats_capacity_bytes']);

// Metric names in an expression: bot_*, gofrobot_*, process_* and the foreign ones, not the
// parts of recording rule names (job:gofrobot_requests:rate5m) nor label names.
function metricsIn(expr) {
  const names = expr.replace(/"[^"]*"/g, '""').match(/(?<![\w:])(?:bot|gofrobot|process|kubelet|up)\w*(?![\w:])/g) ?? [];
  return names.filter((n) => !/^(by|on)$/.test(n)).map((n) => n.replace(/_(bucket|sum|count)$/, ''))
    .filter((n) => !/^(bot|gofrobot|process|kubelet)$/.test(n));
}

function checkDashboard(problems) {
  let d;
  try {
    d = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8'));
  } catch (e) {
    problems.push(`gofrobot.json: not JSON: ${e.message}`);
    return [];
  }
  if (!(d.schemaVersion >= 36)) problems.push(`gofrobot.json: schemaVersion ${d.schemaVersion}`);
  if (!d.uid || !d.title) problems.push('gofrobot.json: no uid or title');
  const ds = d.templating?.list?.find((v) => v.type === 'datasource');
  if (ds?.query !== 'prometheus') problems.push('gofrobot.json: no Prometheus data source variable');
  const ref = `\${${ds?.name}}`;
  const panels = d.panels.flatMap((p) => (p.type === 'row' ? p.panels ?? [] : [p]));
  const ids = new Set();
  const exprs = [];
  for (const p of panels) {
    const name = `panel "${p.title}"`;
    if (ids.has(p.id)) problems.push(`${name}: id ${p.id} used twice`);
    ids.add(p.id);
    if (p.datasource?.uid !== ref || p.datasource?.type !== 'prometheus') problems.push(`${name}: data source is not ${ref}`);
    if (!p.gridPos) problems.push(`${name}: no gridPos`);
    if (!Array.isArray(p.targets) || p.targets.length === 0) problems.push(`${name}: no targets`);
    for (const t of p.targets ?? []) {
      if (t.datasource?.uid !== ref) problems.push(`${name} ${t.refId}: data source is not ${ref}`);
      if (!t.expr) problems.push(`${name} ${t.refId}: no expr`);
      else exprs.push({ where: `${name} ${t.refId}`, expr: t.expr });
    }
  }
  if (panels.length < 10) problems.push(`gofrobot.json: only ${panels.length} panels`);
  console.log(`dashboard: ${panels.length} panels, ${exprs.length} queries`);
  return exprs;
}

function ruleExprs() {
  return fs.readdirSync(RULES).filter((f) => f.endsWith('.yml')).flatMap((f) =>
    YAML.parse(fs.readFileSync(path.join(RULES, f), 'utf8')).groups.flatMap((g) =>
      g.rules.map((r) => ({ where: `${f} ${r.alert ?? r.record}`, expr: r.expr }))));
}

const problems = [];
const documented = fs.readFileSync(OPERATIONS, 'utf8');
for (const { where, expr } of [...checkDashboard(problems), ...ruleExprs()]) {
  for (const metric of metricsIn(expr)) {
    if (!NOT_THE_BOTS.has(metric) && !documented.includes(`\`${metric}\``)) problems.push(`${where}: ${metric} is not in docs/OPERATIONS.md`);
  }
}
for (const p of problems) console.error(`FAIL ${p}`);
console.log(problems.length === 0 ? 'dashboard and rules: every metric documented' : `dashboard and rules: ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
