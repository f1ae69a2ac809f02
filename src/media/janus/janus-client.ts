// Janus's client API over HTTP: sessions, handles, plugin messages and keepalives. Every request
// carries the API secret and the stored token when configured, and is bounded by a timeout.
import { JanusError, JanusUnreachableError } from "./janus-errors.js";
import { getJanus, newTransaction, postJanus, type JanusReply } from "./janus-transport.js";

export interface JanusClientOptions {
  /** The HTTP API, e.g. http://127.0.0.1:8088/janus */
  url: string;
  apiSecret?: string;
  timeoutMs: number;
}

export class JanusClient {
  constructor(readonly options: JanusClientOptions) {}

  /** Server info; also a cheap reachability check (needs no token). */
  async info(): Promise<JanusReply> {
    return this.post(this.options.url, { janus: "info" }, undefined, "core");
  }

  /** Creates a session authenticated with `token` (a stored token when Janus runs token_auth). */
  async createSession(token?: string): Promise<JanusSession> {
    const reply = await this.post(this.options.url, { janus: "create" }, token, "core");
    return new JanusSession(this, Number(reply.data?.id), token);
  }

  /** Runs `work` in a fresh session and destroys the session afterwards, whatever happens. */
  async withSession<T>(token: string | undefined, work: (session: JanusSession) => Promise<T>): Promise<T> {
    const session = await this.createSession(token);
    try {
      return await work(session);
    } finally {
      await session.destroy().catch(() => undefined);
    }
  }

  /** @internal one request: adds transaction, apisecret and token, throws JanusError on `"janus":"error"`. */
  async post(url: string, body: Record<string, unknown>, token: string | undefined, source: string): Promise<JanusReply> {
    const transaction = newTransaction();
    const reply = await postJanus(url, { ...body, transaction, ...this.credentials(token) }, this.options.timeoutMs);
    if (reply.janus === "error") throw new JanusError(reply.error?.code ?? 0, reply.error?.reason ?? "unknown error", source);
    return reply;
  }

  /** @internal */
  credentials(token: string | undefined): Record<string, string> {
    return { ...(this.options.apiSecret ? { apisecret: this.options.apiSecret } : {}), ...(token ? { token } : {}) };
  }
}

export class JanusSession {
  private keepaliveTimer: NodeJS.Timeout | undefined;
  private readonly pendingEvents: JanusReply[] = [];

  constructor(
    private readonly client: JanusClient,
    readonly id: number,
    private readonly token: string | undefined,
  ) {}

  get url(): string {
    return `${this.client.options.url}/${this.id}`;
  }

  async attach(plugin: string): Promise<JanusHandle> {
    const reply = await this.client.post(this.url, { janus: "attach", plugin }, this.token, "core");
    return new JanusHandle(this.client, this, Number(reply.data?.id), plugin, this.token);
  }

  /** Tells Janus the session is alive (it destroys sessions idle for session_timeout, 60 s by default). */
  async keepalive(): Promise<void> {
    await this.client.post(this.url, { janus: "keepalive" }, this.token, "core");
  }

  /** Sends a keepalive every `intervalMs` until destroy(); failures are left to the next request to report. */
  startKeepalive(intervalMs = 25_000): void {
    this.stopKeepalive();
    this.keepaliveTimer = setInterval(() => void this.keepalive().catch(() => undefined), intervalMs);
    this.keepaliveTimer.unref();
  }

  stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
  }

  async destroy(): Promise<void> {
    this.stopKeepalive();
    await this.client.post(this.url, { janus: "destroy" }, this.token, "core");
  }

  /** Waits (long-polling) for the asynchronous event answering `transaction`, up to the client timeout. */
  async eventFor(transaction: string): Promise<JanusReply> {
    const deadline = Date.now() + this.client.options.timeoutMs;
    for (;;) {
      const index = this.pendingEvents.findIndex((event) => event.transaction === transaction);
      if (index >= 0) return this.pendingEvents.splice(index, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0) throw new JanusUnreachableError(this.url, `Janus sent no event for the request within ${this.client.options.timeoutMs} ms`);
      const query = new URLSearchParams({ maxev: "10", rid: String(Date.now()), ...this.client.credentials(this.token) });
      const events = await getJanus(`${this.url}?${query}`, left);
      const list = (Array.isArray(events) ? events : [events]) as JanusReply[];
      for (const event of list) {
        if (event.janus === "error") throw new JanusError(event.error?.code ?? 0, event.error?.reason ?? "unknown error", "core");
        if (event.janus !== "keepalive") this.pendingEvents.push(event);
      }
    }
  }
}

export class JanusHandle {
  constructor(
    private readonly client: JanusClient,
    readonly session: JanusSession,
    readonly id: number,
    readonly plugin: string,
    private readonly token: string | undefined,
  ) {}

  /**
   * Sends a plugin message and returns the plugin's data. Synchronous plugin requests answer at
   * once; asynchronous ones answer "ack" and, with `awaitEvent`, the data of their later event.
   * A plugin error (`error_code`) throws JanusError.
   */
  async message(body: Record<string, unknown>, options: { awaitEvent?: boolean } = {}): Promise<Record<string, unknown>> {
    const transaction = newTransaction();
    const url = `${this.session.url}/${this.id}`;
    const reply = await postJanus(url, { janus: "message", body, transaction, ...this.client.credentials(this.token) }, this.client.options.timeoutMs);
    if (reply.janus === "error") throw new JanusError(reply.error?.code ?? 0, reply.error?.reason ?? "unknown error", "core");
    let answer = reply;
    if (reply.janus === "ack") {
      if (!options.awaitEvent) return {};
      answer = await this.session.eventFor(transaction);
    }
    const data = answer.plugindata?.data ?? {};
    if (typeof data.error_code === "number") throw new JanusError(data.error_code, String(data.error ?? "plugin error"), this.plugin);
    return data;
  }
}
