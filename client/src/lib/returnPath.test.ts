import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './returnPath';

describe('safeReturnPath', () => {
  it.each(['/notes', '/notes?page=2#top', '/dashboard'])('keeps the same-origin path %s', (path) => {
    expect(safeReturnPath(path, '/dashboard', '/login')).toBe(path);
  });

  it.each([
    ['an absolute URL', 'https://evil.example/steal'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash trick', '/\\evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'notes'],
    ['the login page itself', '/login'],
    ['something that is not a string', { pathname: '/notes' }],
  ])('falls back to the dashboard for %s', (_label, candidate) => {
    expect(safeReturnPath(candidate, '/dashboard', '/login')).toBe('/dashboard');
  });
});
