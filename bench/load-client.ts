// Main-thread handle on the load-generator worker: one job at a time.
import { Worker } from "node:worker_threads";
import type { LoadJob, LoadReply, LoadResult } from "./load-protocol.js";

export class LoadClient {
  private readonly worker = new Worker(new URL("./load-worker.js", import.meta.url));
  private nextId = 1;
  private pending: { id: number; resolve: (r: LoadResult) => void; reject: (e: Error) => void } | undefined;

  constructor() {
    this.worker.on("message", (reply: LoadReply) => {
      const pending = this.pending;
      this.pending = undefined;
      if (!pending) return;
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(reply.error));
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => this.fail(new Error(`load worker exited with code ${code}`)));
  }

  run(job: Omit<LoadJob, "id">): Promise<LoadResult> {
    if (this.pending) return Promise.reject(new Error("LoadClient runs one job at a time"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.worker.postMessage({ ...job, id });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }
}
