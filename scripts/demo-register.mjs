// Registers the demo fleet's hosts and registry with a running Wharf, signing in as the admin.
import fs from 'node:fs';

const [baseUrl, username, password, fleetFile] = process.argv.slice(2);
const fleet = JSON.parse(fs.readFileSync(fleetFile, 'utf8'));
const cookies = new Map();

function remember(res) {
  for (const line of res.headers.getSetCookie?.() ?? []) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}
const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');

async function call(path, init = {}) {
  const res = await fetch(baseUrl + path, {
    ...init,
    redirect: 'manual',
    headers: { Origin: baseUrl, Cookie: cookieHeader(), ...(init.headers ?? {}) },
  });
  remember(res);
  return res;
}

const { csrfToken } = await (await call('/api/auth/csrf')).json();
await call('/api/auth/callback/credentials', {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
});
const me = await call('/api/v1/me');
if (!me.ok) {
  console.error(`[demo] could not sign in as ${username} (${me.status}); hosts not registered`);
  process.exit(1);
}

for (const host of fleet.hosts) {
  const body = { name: host.name, url: host.url, labels: { env: 'demo' } };
  if (host.tls) {
    body.tls = Object.fromEntries(
      ['ca', 'cert', 'key'].map((k) => [k, fs.readFileSync(host.tls[k], 'utf8')]),
    );
  }
  const res = await call('/api/v1/hosts', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await res.json();
  if (res.status === 201) console.log(`[demo] registered ${host.name} (${host.url})`);
  else if (res.status === 409) console.log(`[demo] ${host.name} is already registered`);
  else console.error(`[demo] ${host.name}: ${answer.error?.message ?? res.status}`);
}

if (fleet.registry) {
  const { name, url, username: user, passwordFile } = fleet.registry;
  const res = await call('/api/v1/registries', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name,
      url,
      username: user,
      password: fs.readFileSync(passwordFile, 'utf8').trim(),
    }),
  });
  const answer = await res.json();
  if (res.status === 201) console.log(`[demo] registered registry ${name} (${url})`);
  else if (res.status === 409) console.log(`[demo] registry ${name} is already registered`);
  else console.error(`[demo] registry ${name}: ${answer.error?.message ?? res.status}`);
}
