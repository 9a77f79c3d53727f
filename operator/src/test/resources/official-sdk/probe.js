// Calls an ECI endpoint with Alibaba's official TypeScript SDK (@alicloud/eci20180808) and prints, one JSON line per
// call, what the SDK's response models hold after parsing: the model itself, and every field the model declares
// that stayed empty (path with [] for list items). Configuration comes from the environment:
//   ECI_ENDPOINT (host:port, plain HTTP), ECI_REGION, ECI_KEY_ID, ECI_KEY_SECRET, ECI_SIGNATURE (v3 | v2), ECI_SUFFIX
'use strict';
const $tea = require('@alicloud/tea-typescript');
const $OpenApi = require('@alicloud/openapi-client');
const Eci = require('@alicloud/eci20180808');
const Client = Eci.default;

const env = process.env;
const config = new $OpenApi.Config({
  accessKeyId: env.ECI_KEY_ID,
  accessKeySecret: env.ECI_KEY_SECRET,
  endpoint: env.ECI_ENDPOINT,
  regionId: env.ECI_REGION,
  protocol: 'http',
  readTimeout: 10000,
  connectTimeout: 5000,
});
if (env.ECI_SIGNATURE === 'v2') {
  // classic RPC signing, HMAC-SHA1 (openapi-client's doRPCRequest)
  config.signatureAlgorithm = 'v2';
}
const client = new Client(config);
const region = env.ECI_REGION;
const suffix = env.ECI_SUFFIX;

/** Walks a parsed model: every declared field (wire-name path, [] for list items) and those holding something. */
function walk(model, path, declared, filled) {
  const clz = model.constructor;
  const names = clz.names();
  const types = clz.types();
  for (const prop of Object.keys(names)) {
    const wire = path + names[prop];
    const value = model[prop];
    const type = types[prop];
    if (type && type.type === 'array') {
      declared.add(wire + '[]');
      if (value && value.length > 0) {
        filled.add(wire + '[]');
        value.forEach((item) => {
          if (item instanceof $tea.Model) walk(item, wire + '[].', declared, filled);
        });
      }
      continue;
    }
    declared.add(wire);
    if (value === undefined || value === null) {
      continue;
    }
    filled.add(wire);
    if (value instanceof $tea.Model) {
      walk(value, wire + '.', declared, filled);
    }
  }
}

/** The declared fields no response of a call filled (a field filled anywhere was parsed). */
function neverSet(bodies) {
  const declared = new Set();
  const filled = new Set();
  bodies.forEach((body) => walk(body, '', declared, filled));
  return [...declared].filter((p) => !filled.has(p)).sort();
}

function print(call, bodies, extra) {
  process.stdout.write(JSON.stringify(Object.assign({ call, ok: true, neverSet: neverSet(bodies), bodies }, extra || {})) + '\n');
}

async function attempt(call, fn) {
  try {
    await fn();
  } catch (e) {
    process.stdout.write(JSON.stringify({ call, ok: false, code: e.code, statusCode: e.statusCode, message: e.message }) + '\n');
  }
}

function container(name, command, args) {
  return new Eci.CreateContainerGroupRequestContainer({
    name, image: 'registry.example.com/busybox:1.36', command, arg: args || [], cpu: 0.5, memory: 1,
  });
}

async function create(name, restartPolicy, command) {
  const res = await client.createContainerGroup(new Eci.CreateContainerGroupRequest({
    regionId: region,
    containerGroupName: name + '-' + suffix,
    securityGroupId: 'sg-sdk',
    vSwitchId: 'vsw-sim-a',
    restartPolicy,
    cpu: 1,
    memory: 2,
    tag: [new Eci.CreateContainerGroupRequestTag({ key: 'sdk-run', value: suffix })],
    container: [container('main', command)],
  }));
  return res.body;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const created = [];
  await attempt('CreateContainerGroup', async () => {
    created.push(await create('running', 'Never', ['sleep', '3600']));
    created.push(await create('crashing', 'OnFailure', ['sh', '-c', 'exit 3']));
    created.push(await create('failed', 'Never', ['sh', '-c', 'exit 3']));
    print('CreateContainerGroup', created);
  });
  const ids = JSON.stringify(created.map((b) => b.containerGroupId));
  const tag = [new Eci.DescribeContainerGroupsRequestTag({ key: 'sdk-run', value: suffix })];

  // wait until the three groups show Running, Running (backing off) and Failed
  let groups = null;
  for (let i = 0; i < 100; i++) {
    const res = await client.describeContainerGroups(new Eci.DescribeContainerGroupsRequest({
      regionId: region, containerGroupIds: ids, limit: 20,
    }));
    groups = res.body;
    const statuses = groups.containerGroups.map((g) => g.status + '/' + g.containers[0].restartCount);
    if (statuses.length === 3 && statuses[0].startsWith('Running') && statuses[1] === 'Running/0'
        && groups.containerGroups[1].containers[0].currentState.reason === 'CrashLoopBackOff'
        && statuses[2].startsWith('Failed')) {
      break;
    }
    await sleep(100);
  }
  await attempt('DescribeContainerGroups', async () => print('DescribeContainerGroups', [groups]));

  await attempt('DescribeContainerGroupStatus', async () => {
    const window = await client.describeContainerGroupStatus(new Eci.DescribeContainerGroupStatusRequest({
      regionId: region, sinceSecond: 60, limit: 200,
      tag: [new Eci.DescribeContainerGroupStatusRequestTag({ key: 'sdk-run', value: suffix })],
    }));
    const paged = await client.describeContainerGroupStatus(new Eci.DescribeContainerGroupStatusRequest({
      regionId: region, containerGroupIds: ids, limit: 2,
    }));
    print('DescribeContainerGroupStatus', [window.body], { firstPage: paged.body });
  });

  await attempt('DescribeContainerGroupEvents', async () => {
    const res = await client.describeContainerGroupEvents(new Eci.DescribeContainerGroupEventsRequest({
      regionId: region, containerGroupIds: ids, sinceSecond: 60, limit: 200,
    }));
    const platform = await client.describeContainerGroupEvents(new Eci.DescribeContainerGroupEventsRequest({
      regionId: region, containerGroupIds: ids, eventSource: 'EciService',
    }));
    print('DescribeContainerGroupEvents', [res.body], { platform: platform.body });
  });

  await attempt('ListUsage', async () => {
    const res = await client.listUsage(new Eci.ListUsageRequest({ regionId: region }));
    print('ListUsage', [res.body]);
  });

  await attempt('DescribeAvailableResource', async () => {
    const res = await client.describeAvailableResource(new Eci.DescribeAvailableResourceRequest({
      regionId: region,
      destinationResource: new Eci.DescribeAvailableResourceRequestDestinationResource({
        category: 'InstanceType', cores: 2, memory: 4,
      }),
    }));
    print('DescribeAvailableResource', [res.body]);
  });

  await attempt('DescribeContainerGroupPrice', async () => {
    const res = await client.describeContainerGroupPrice(new Eci.DescribeContainerGroupPriceRequest({
      regionId: region, cpu: 2, memory: 4, spotStrategy: 'SpotAsPriceGo',
    }));
    print('DescribeContainerGroupPrice', [res.body]);
  });

  // an error answer reaches the SDK as its code
  await attempt('DescribeContainerGroupStatus(SinceSecond=30)', async () => {
    await client.describeContainerGroupStatus(new Eci.DescribeContainerGroupStatusRequest({
      regionId: region, sinceSecond: 30,
    }));
    process.stdout.write(JSON.stringify({ call: 'DescribeContainerGroupStatus(SinceSecond=30)', ok: true }) + '\n');
  });
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
