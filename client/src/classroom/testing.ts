import { screen } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { vi } from 'vitest';

/**
 * Stops the wall clock for a test about what the panel shows at a given second. Only `Date` and the
 * interval timers (the panel's countdown ticks on `setInterval`) are faked: promises, `setTimeout` and so
 * user-event and `findBy…` keep running for real, while time moves only by `vi.advanceTimersByTime`.
 * A busy machine can therefore never push a countdown past the second the test expects.
 */
export function freezeTime(at = Date.UTC(2025, 2, 3, 9, 0, 0)): void {
  vi.useFakeTimers({ now: at, toFake: ['Date', 'setInterval', 'clearInterval'] });
}

/** Fills the real login form, as a user would. */
export async function signInThroughForm(user: UserEvent): Promise<void> {
  await user.type(await screen.findByLabelText('Username'), 'student');
  await user.type(screen.getByLabelText('Password'), 'student123');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

/** Opens the classroom panel from the header and waits for its lazy chunk. */
export async function openPanel(user: UserEvent, name: string): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: 'Inspector' }));
  return screen.findByRole('region', { name });
}
