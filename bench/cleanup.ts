// LIFO clean-up steps (servers, temp folders, throw-away databases), run at the end, on error and on Ctrl-C.

export class Cleanup {
  private readonly steps: Array<{ label: string; run: () => Promise<void> }> = [];

  /** Registers a step; the returned function runs it early (it then does not run again). */
  add(label: string, fn: () => Promise<unknown>): () => Promise<void> {
    let ran: Promise<void> | undefined;
    const step = {
      label,
      run: () =>
        (ran ??= (async () => {
          const index = this.steps.indexOf(step);
          if (index >= 0) this.steps.splice(index, 1);
          await fn();
        })()),
    };
    this.steps.push(step);
    return step.run;
  }

  async runAll(): Promise<void> {
    while (this.steps.length) {
      const step = this.steps[this.steps.length - 1]!;
      try {
        await withTimeout(step.run(), 20_000, step.label);
      } catch (error) {
        console.error(`cleanup: ${step.label} failed: ${error instanceof Error ? error.message : String(error)}`);
        const index = this.steps.indexOf(step);
        if (index >= 0) this.steps.splice(index, 1);
      }
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
