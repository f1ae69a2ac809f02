import type { ServerResponse } from "node:http";
import type { RequestHandler } from "express";

/**
 * The first step of a graceful stop. Closing a keep-alive connection that looks idle races with a
 * request the client already sent on it (the bytes wait unread while the event loop is busy), so
 * on SIGTERM roomkey first keeps serving for SHUTDOWN_DELAY_MS: /readyz answers 503 so a load
 * balancer stops sending new work, and every response, including those in flight, carries
 * `Connection: close`, so no client reuses a connection that is about to go away.
 */
export class Draining {
  private started = false;
  private readonly open = new Set<ServerResponse>();

  get isDraining(): boolean {
    return this.started;
  }

  readonly middleware: RequestHandler = (_req, res, next) => {
    if (this.started) res.setHeader("Connection", "close");
    else {
      this.open.add(res);
      res.once("close", () => this.open.delete(res));
    }
    next();
  };

  begin(): void {
    this.started = true;
    for (const res of this.open) if (!res.headersSent) res.setHeader("Connection", "close");
    this.open.clear();
  }
}
