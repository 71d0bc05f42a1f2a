// The experiment window of the comparison page (see server/src/experiments/browser-runs.ts for the design).
//
// It is opened on the OTHER loopback name (localhost when the lab is used at 127.0.0.1, and the other way round):
// browsers keep cookies per host name, not per port, so the sessions this window starts live in a cookie jar of
// their own and never overwrite the visitor's. For each job it signs in as the demo student with one kind, does
// the experiment, signs out, and reports its own requests to the server, which adds what it saw itself.

const params = new URLSearchParams(location.search);
const runPath = `/api/experiments/browser-runs/${encodeURIComponent(params.get('run') ?? '')}`;
// Where the SPA keeps a bearer token (client/src/lib/tokenStorage.ts): the experiment keeps it in the same place,
// so the injected script meets exactly what it would meet in the real page.
const TOKEN_KEY = 'session-lab.token';
const statusLine = document.getElementById('status');

function say(text) {
  statusLine.textContent = text;
}

/** Sends a request like the SPA would, and records it as this page saw it. */
async function send(steps, method, path, { token, csrf, body } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (csrf) headers['x-csrf-token'] = csrf;
  const at = Date.now();
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await response.text();
  const requestHeaders = Object.entries(headers);
  // A page cannot see the cookies its browser attaches (httpOnly ones least of all); it can only say so.
  requestHeaders.push(['cookie', '(attached by the browser for this host; invisible to the page)']);
  steps.push({
    type: 'http',
    at,
    from: 'browser',
    to: 'server',
    method,
    path,
    requestHeaders,
    ...(body === undefined ? {} : { requestBody: JSON.stringify(body) }),
    status: response.status,
    responseHeaders: [['server-timing', response.headers.get('server-timing') ?? '']],
    responseBody: text.slice(0, 4000),
  });
  let json = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, body: json };
}

async function signIn(steps, kind) {
  const answer = await send(steps, 'POST', '/api/auth/login', {
    body: { username: 'student', password: 'student123', kind, ttlSeconds: 30 },
  });
  if (answer.status !== 200) throw new Error(`sign-in refused: ${answer.status}`);
  const token = answer.body.token;
  // The `refresh` kind's access token lives in memory only (client/src/auth/kinds/refresh.ts), like here.
  if (token && kind !== 'refresh') sessionStorage.setItem(TOKEN_KEY, token);
  return { token, csrf: answer.body.csrfToken };
}

async function signOut(session) {
  await fetch('/api/auth/logout', {
    method: 'POST',
    headers: { ...(session.token ? { authorization: `Bearer ${session.token}` } : {}), ...(session.csrf ? { 'x-csrf-token': session.csrf } : {}) },
    credentials: 'same-origin',
  }).catch(() => undefined);
  sessionStorage.clear();
  localStorage.clear();
}

function loadInjectedScript() {
  return new Promise((resolve, reject) => {
    if (window.injectedAttack) return resolve(window.injectedAttack);
    const script = document.createElement('script');
    script.src = '/experiments/injected.js';
    script.onload = () => resolve(window.injectedAttack);
    script.onerror = () => reject(new Error('the injected script did not load'));
    document.head.append(script);
  });
}

async function xss(kind) {
  const steps = [];
  const session = await signIn(steps, kind);
  const attack = await loadInjectedScript();
  const { found, scriptRequestStatus } = await attack(`${runPath}/xss/${kind}`);
  await signOut(session);
  return { steps, found, scriptRequestStatus, aliveAfter: null };
}

function waitForAttacker(attackerOrigin, timeoutMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    window.addEventListener('message', function onMessage(event) {
      if (event.origin !== attackerOrigin || event.data?.attacked !== true) return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function csrf(kind, attackerOrigin) {
  const steps = [];
  const session = await signIn(steps, kind);
  const frame = document.createElement('iframe');
  frame.title = 'A page on another origin';
  const attacked = waitForAttacker(attackerOrigin, 8000);
  const attack = { target: location.origin, path: `${runPath}/csrf/${kind}` };
  // The refresh cookie is never sent to the route above (its Path is the refresh route), so the attacker also
  // forges a POST to the refresh route itself, where the browser does send it.
  if (kind === 'refresh') attack.also = '/api/auth/refresh';
  frame.src = `${attackerOrigin}/attack.html?${new URLSearchParams(attack)}`;
  document.body.append(frame);
  await attacked;
  frame.remove();
  // Had the forged refresh spent the refresh token, this one would present a retired token and be refused as
  // reuse; a 200 means the CSRF check stopped the forgery before it changed anything.
  if (kind === 'refresh') await send(steps, 'POST', '/api/auth/refresh', { csrf: session.csrf });
  const after = await send(steps, 'GET', '/api/me', { token: session.token });
  await signOut(session);
  return { steps, found: [], scriptRequestStatus: null, aliveAfter: after.status };
}

async function main() {
  const { jobs, attackerOrigin } = await (await fetch(`${runPath}/jobs`)).json();
  for (const [index, job] of jobs.entries()) {
    say(`Experiment ${index + 1} of ${jobs.length}: ${job.row}, ${job.kind}…`);
    let report;
    try {
      report = job.row === 'xss' ? await xss(job.kind) : await csrf(job.kind, attackerOrigin);
    } catch (error) {
      say(`Experiment ${job.row}, ${job.kind} failed: ${error.message}`);
      continue;
    }
    await fetch(`${runPath}/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ row: job.row, kind: job.kind, ...report }),
    });
  }
  say('Done. This window closes itself.');
  window.close();
}

main().catch((error) => say(`The experiments could not run: ${error.message}`));
