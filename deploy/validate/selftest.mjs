// Each check must be able to fail: a copy of a rendered overlay is broken in one way, and the
// checks must report it with the expected words. A check that stopped checking (a schema that
// accepts anything, a check-config that is never run) fails here.
const container = (objects) => objects.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet').spec.template.spec.containers[0];
const configMap = (objects) => objects.find((o) => o.kind === 'ConfigMap');
const toml = (objects, edit) => {
  const map = configMap(objects);
  map.data['gofrobot.toml'] = edit(map.data['gofrobot.toml']);
};

const MUTATIONS = [
  ['an unknown field in a container', 'scale-out', (o) => { container(o).readinesProbe = container(o).readinessProbe; }, /readinesProbe/],
  ['a wrong type', 'embedded', (o) => { o.find((x) => x.kind === 'StatefulSet').spec.replicas = '1'; }, /must be integer|not assignable/],
  ['a readiness probe on /health', 'scale-out', (o) => { container(o).readinessProbe.httpGet.path = '/health'; }, /readinessProbe asks \/health/],
  ['a probe path the program does not serve', 'embedded', (o) => { container(o).livenessProbe.httpGet.path = '/healthz'; }, /serves no \/healthz/],
  ['ops port not ops.listen', 'embedded', (o) => { toml(o, (t) => t.replace('0.0.0.0:9090', '0.0.0.0:9091')); }, /container port ops 9090 is not ops.listen/],
  ['ops on loopback', 'scale-out', (o) => { toml(o, (t) => t.replace('listen = "0.0.0.0:9090"', 'listen = "127.0.0.1:9090"')); }, /not reachable/],
  ['an unknown config key', 'scale-out', (o) => { toml(o, (t) => t.replace('[cache]', '[cache]\nredis = "x"')); }, /check-config refuses[\s\S]*unknown/],
  ['an unknown GOFROBOT_ variable', 'embedded', (o) => { container(o).env.push({ name: 'GOFROBOT_LOG_LEVL', value: 'debug' }); }, /GOFROBOT_LOG_LEVL/],
  ['a variable no setting reads', 'embedded', (o) => { container(o).env.push({ name: 'GOFROBOT_TOKEN', value: 'x' }); }, /GOFROBOT_TOKEN is read by no setting/],
  ['a Secret key the template lacks', 'scale-out', (o) => { container(o).env[0].valueFrom.secretKeyRef.key = 'token'; }, /no key token/],
  ['a grace period shorter than the drain', 'scale-out', (o) => { o.find((x) => x.kind === 'Deployment').spec.template.spec.terminationGracePeriodSeconds = 12; }, /terminationGracePeriodSeconds 12/],
  ['SQLite off the volume', 'embedded', (o) => { toml(o, (t) => t.replace('sqlite:///data/gofrobot.db', 'sqlite:///tmp/gofrobot.db')); }, /not on the PersistentVolumeClaim/],
  ['a Service port no container has', 'scale-out', (o) => { o.find((x) => x.metadata.name === 'gofrobot-webhook').spec.ports[0].targetPort = 'hook'; }, /targetPort hook/],
];

export async function selfTest(rendered, secret, context, checkObjects) {
  const failures = [];
  for (const [what, overlay, mutate, expected] of MUTATIONS) {
    const objects = structuredClone(rendered[overlay]);
    mutate(objects);
    const problems = await checkObjects(objects, secret, context);
    const caught = problems.some((p) => expected.test(p));
    console.log(`self-test ${caught ? 'caught' : 'MISSED'}: ${what}`);
    if (!caught) failures.push(`self-test: ${what} was not reported (got: ${problems.join(' | ') || 'nothing'})`);
  }
  return failures;
}
