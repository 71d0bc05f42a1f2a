/**
 * A small, bounded queue for expensive work: at most `maxRunning` tasks run at once, at most `maxWaiting` more
 * wait their turn, and anything beyond that is refused at once instead of being queued.
 *
 * Why the sign-in needs it: each password check is one scrypt call at OWASP's cost (128 MiB, a few hundred
 * milliseconds of CPU) on libuv's thread pool. That pool has four threads by default, and the same threads
 * read the SPA's files from disk. Without a bound, a flood of correct sign-ins (the demo passwords are
 * public) queued hundreds of hashes: every file read waited behind them, so the home page took over 30 s, and
 * the queue took a minute to drain after the flood stopped. With at most two hashes running, two threads stay
 * free for files, memory stays at two hashes' worth, and a short queue means that whoever is refused learns it
 * in a millisecond and is told (in Retry-After) when to come back, rather than waiting a minute for an answer.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** A running average of how long a task takes, for the Retry-After estimate. */
  private averageMs: number;

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
    /** The first guess at a task's duration, before any has been timed. */
    expectedMs = 500,
  ) {
    this.averageMs = expectedMs;
  }

  /**
   * Runs `task` now or after the tasks ahead of it, or returns undefined at once when the queue is full. The
   * place in the queue is taken synchronously, before this method returns, so a caller can count the attempt
   * in the same tick and no other request can slip in between.
   */
  tryRun<T>(task: () => Promise<T>): Promise<T> | undefined {
    if (this.running >= this.maxRunning && this.waiting.length >= this.maxWaiting) return undefined;
    const turn =
      this.running < this.maxRunning ? Promise.resolve() : new Promise<void>((resolve) => this.waiting.push(resolve));
    // The slot is counted as taken from this moment: the task that is handed it by `release` starts running.
    if (this.running < this.maxRunning) this.running += 1;
    return turn.then(async () => {
      const started = performance.now();
      try {
        return await task();
      } finally {
        // A fifth of the newest duration: quick to follow a change of load, steady against one odd value.
        this.averageMs += (performance.now() - started - this.averageMs) / 5;
        this.release();
      }
    });
  }

  /** Whole seconds until a task queued now would probably have started: at least 1, for Retry-After. */
  retryAfterSeconds(): number {
    const rounds = (this.running + this.waiting.length) / this.maxRunning;
    return Math.max(1, Math.ceil((rounds * this.averageMs) / 1000));
  }

  /** How many tasks are running and waiting; for tests and the benchmark. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next task, so `running` stays the same; otherwise it is freed.
    if (next !== undefined) next();
    else this.running -= 1;
  }
}
