// Janus's Admin API over HTTP: stored tokens and the sessions/handles a kick must find.
import { JanusError } from "./janus-errors.js";
import { newTransaction, postJanus, type JanusReply } from "./janus-transport.js";

export interface JanusAdminOptions {
  /** e.g. http://127.0.0.1:7088/admin */
  url: string;
  secret: string;
  timeoutMs: number;
}

export interface StoredToken {
  token: string;
  /** Plugins the token may attach to; [] = every plugin. */
  plugins: string[];
}

/** What handle_info tells about one handle (only the fields roomkey reads). */
export interface HandleInfo {
  sessionId: number;
  handleId: number;
  token: string | null;
  plugin: string | null;
  /** For VideoRoom handles: the room and participant id of a publisher. */
  videoroom: { type: string | null; room: number | null; participantId: number | null };
}

export class JanusAdmin {
  constructor(readonly options: JanusAdminOptions) {}

  async listTokens(): Promise<StoredToken[]> {
    const reply = await this.request({ janus: "list_tokens" });
    const tokens = (reply.data?.tokens ?? []) as Array<{ token: string; allowed_plugins?: string[] }>;
    return tokens.map((entry) => ({ token: entry.token, plugins: entry.allowed_plugins ?? [] }));
  }

  /** Stores a token (idempotent); `plugins` undefined = every plugin. Returns what Janus stored. */
  async addToken(token: string, plugins?: string[]): Promise<StoredToken> {
    const reply = await this.request({ janus: "add_token", token, ...(plugins ? { plugins } : {}) });
    return { token, plugins: (reply.data?.plugins as string[] | undefined) ?? [] };
  }

  /** Removes a stored token; false when Janus did not have it. */
  async removeToken(token: string): Promise<boolean> {
    try {
      await this.request({ janus: "remove_token", token });
      return true;
    } catch (error) {
      // Janus 1.1 answers a token it does not hold with 490 "Error removing token" (its generic code,
      // which "Token based authentication disabled" also uses: that one must not read as "not held").
      if (error instanceof JanusError && (error.code === 470 || (error.code === 490 && /removing token/i.test(error.message)))) return false;
      throw error;
    }
  }

  async listSessions(): Promise<number[]> {
    const reply = await this.request({ janus: "list_sessions" });
    return (reply.sessions as number[] | undefined) ?? [];
  }

  async listHandles(sessionId: number): Promise<number[]> {
    const reply = await this.request({ janus: "list_handles", session_id: sessionId });
    return (reply.handles as number[] | undefined) ?? [];
  }

  async handleInfo(sessionId: number, handleId: number): Promise<HandleInfo> {
    const reply = await this.request({ janus: "handle_info", session_id: sessionId, handle_id: handleId });
    const info = (reply.info ?? {}) as { token?: string; plugin?: string; plugin_specific?: Record<string, unknown> };
    const specific = info.plugin_specific ?? {};
    const number = (value: unknown) => (typeof value === "number" ? value : null);
    return {
      sessionId,
      handleId,
      token: info.token ?? null,
      plugin: info.plugin ?? null,
      videoroom: { type: typeof specific.type === "string" ? specific.type : null, room: number(specific.room), participantId: number(specific.id) },
    };
  }

  /** Every handle Janus has, with its token: sessions or handles that vanish meanwhile are skipped. */
  async listAllHandles(): Promise<HandleInfo[]> {
    const handles: HandleInfo[] = [];
    for (const sessionId of await this.listSessions()) {
      const ids = await this.listHandles(sessionId).catch(ignoreVanished([] as number[]));
      for (const handleId of ids) {
        const info = await this.handleInfo(sessionId, handleId).catch(ignoreVanished(null));
        if (info) handles.push(info);
      }
    }
    return handles;
  }

  /** Ends a session with all its handles (their participants leave, their media stops). False when it was gone. */
  async destroySession(sessionId: number): Promise<boolean> {
    try {
      await this.request({ janus: "destroy_session", session_id: sessionId });
      return true;
    } catch (error) {
      if (error instanceof JanusError && error.code === 458) return false;
      throw error;
    }
  }

  private async request(body: Record<string, unknown>): Promise<JanusReply> {
    const reply = await postJanus(this.options.url, { ...body, transaction: newTransaction(), admin_secret: this.options.secret }, this.options.timeoutMs);
    if (reply.janus === "error") throw new JanusError(reply.error?.code ?? 0, reply.error?.reason ?? "unknown error", "admin");
    return reply;
  }
}

function ignoreVanished<T>(fallback: T) {
  return (error: unknown): T => {
    if (error instanceof JanusError && (error.code === 458 || error.code === 459)) return fallback;
    throw error;
  };
}
