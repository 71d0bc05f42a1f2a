import { describe, expect, it } from 'vitest';
import { isSessionExpired, secondsUntil } from './clientSession';

describe('secondsUntil', () => {
  const end = Date.UTC(2025, 2, 3, 9, 1, 0);

  it.each([
    [60_000, 60],
    [59_400, 60],
    [59_000, 59],
    [1_000, 1],
    [400, 1],
    [1, 1],
  ])('counts %i ms left as %i s: rounded up, so a live session never reads 0 s', (left, seconds) => {
    expect(secondsUntil(end, end - left)).toBe(seconds);
    expect(isSessionExpired({ expiresAt: end }, end - left)).toBe(false);
  });

  it.each([
    [0, 0],
    [400, 0],
    [999, 0],
    [1_000, -1],
    [3_600, -3],
  ])('counts %i ms past the end as %i s, never -0', (past, seconds) => {
    expect(Object.is(secondsUntil(end, end + past), seconds)).toBe(true);
    expect(isSessionExpired({ expiresAt: end }, end + past)).toBe(true);
  });
});
