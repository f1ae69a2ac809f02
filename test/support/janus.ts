// A real Janus per test file, started by scripts/janus.sh on free ports, and a raw HTTP client for
// checking what Janus itself says (independent of roomkey's client code).
import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, it } from "@jest/globals";

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, "../../scripts/janus.sh");

/** JANUS_BIN names another binary to look for (e.g. a missing one, to see the suites' behaviour without Janus). */
export function janusInstalled(): boolean {
  try {
    execFileSync("bash", ["-c", `command -v "${process.env.JANUS_BIN ?? "janus"}"`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` when Janus is installed. Without it: on CI (CI=true) the suite fails, so CI never
 * passes without the Janus tests; locally it is skipped with a loud banner saying why.
 */
export function describeWithJanus(name: string, suite: () => void): void {
  if (janusInstalled()) return describe(name, suite);
  if (process.env.CI === "true") {
    describe(name, () => {
      it("needs Janus, which CI must install (bash scripts/janus.sh install)", () => {
        throw new Error("janus is not installed on this CI machine: run `bash scripts/janus.sh install` (see .ci/run)");
      });
    });
    return;
  }
  console.warn(
    [
      "",
      "#".repeat(78),
      `#  SKIPPED: "${name}" needs a real Janus and none is installed.`,
      "#  Install it with: bash scripts/janus.sh install   (Debian's janus package)",
      "#  On CI (CI=true) this suite fails instead of being skipped.",
      "#".repeat(78),
      "",
    ].join("\n"),
  );
  describe.skip(name, suite);
}

export interface TestJanus {
  url: string;
  adminUrl: string;
  adminSecret: string;
  dir: string;
  stop(): Promise<void>;
  /** Starts it again on the same ports: a Janus restart (it forgets stored tokens and rooms). */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
  /** roomkey's environment for this Janus. */
  env(): Record<string, string>;
}

export async function startJanus(): Promise<TestJanus> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "roomkey-janus-"));
  const start = async () => {
    await run("bash", [SCRIPT, "start", dir], { timeout: 30_000 });
  };
  await start();
  const vars = Object.fromEntries(
    (await readFile(path.join(dir, "env"), "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  const stop = async () => {
    await run("bash", [SCRIPT, "stop", dir], { timeout: 30_000 });
  };
  const url = vars.JANUS_URL!;
  const adminUrl = vars.JANUS_ADMIN_URL!;
  const adminSecret = vars.JANUS_ADMIN_SECRET!;
  return {
    url,
    adminUrl,
    adminSecret,
    dir,
    stop,
    start,
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
    // A generous timeout: on a loaded 2-core CI machine a loopback request can take seconds; the
    // timeout itself is tested separately (test/api/janus-unavailable.test.ts).
    env: () => ({ JANUS_URL: url, JANUS_ADMIN_URL: adminUrl, JANUS_ADMIN_SECRET: adminSecret, JANUS_REQUEST_TIMEOUT_MS: "10000" }),
  };
}

let transactionCounter = 0;

async function post(url: string, body: Record<string, unknown>): Promise<any> {
  const response = await fetch(url, { method: "POST", body: JSON.stringify({ transaction: `t${++transactionCounter}`, ...body }), signal: AbortSignal.timeout(5000) });
  return response.json();
}

/** Admin API request, raw. */
export function adminRequest(janus: Pick<TestJanus, "adminUrl" | "adminSecret">, body: Record<string, unknown>): Promise<any> {
  return post(janus.adminUrl, { admin_secret: janus.adminSecret, ...body });
}

export async function storedTokens(janus: TestJanus): Promise<Array<{ token: string; allowed_plugins: string[] }>> {
  const reply = await adminRequest(janus, { janus: "list_tokens" });
  return reply.data.tokens;
}

/** A person's Janus client: one session and one VideoRoom handle, authenticated with their token. */
export class VideoroomParticipant {
  private constructor(
    private readonly url: string,
    readonly token: string,
    readonly sessionId: number,
    readonly handleId: number,
  ) {}

  static async connect(janusUrl: string, token: string): Promise<VideoroomParticipant> {
    const session = await post(janusUrl, { janus: "create", token });
    if (session.janus !== "success") throw new Error(`create refused: ${JSON.stringify(session)}`);
    const handle = await post(`${janusUrl}/${session.data.id}`, { janus: "attach", plugin: "janus.plugin.videoroom", token });
    if (handle.janus !== "success") throw new Error(`attach refused: ${JSON.stringify(handle)}`);
    return new VideoroomParticipant(janusUrl, token, session.data.id, handle.data.id);
  }

  /** A synchronous VideoRoom request: the plugin data. */
  async request(body: Record<string, unknown>): Promise<any> {
    const reply = await post(`${this.url}/${this.sessionId}/${this.handleId}`, { janus: "message", token: this.token, body });
    return reply.plugindata?.data ?? reply;
  }

  /** An asynchronous VideoRoom request (join): the data of the event answering it. */
  async requestAsync(body: Record<string, unknown>): Promise<any> {
    const transaction = `a${++transactionCounter}`;
    const ack = await post(`${this.url}/${this.sessionId}/${this.handleId}`, { janus: "message", token: this.token, body, transaction });
    if (ack.janus !== "ack") return ack.plugindata?.data ?? ack;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const events = await fetch(`${this.url}/${this.sessionId}?maxev=5&token=${encodeURIComponent(this.token)}&rid=${Date.now()}`, {
        signal: AbortSignal.timeout(5000),
      }).then((response) => response.json());
      for (const event of Array.isArray(events) ? events : [events]) {
        if (event.transaction === transaction) return event.plugindata?.data ?? event;
      }
    }
    throw new Error("no event answered the request");
  }

  joinAsPublisher(room: number, display = "someone"): Promise<any> {
    return this.requestAsync({ request: "join", room, ptype: "publisher", display, token: this.token });
  }

  /** Any request on the session (a keepalive): Janus's answer, e.g. {"janus":"ack"} or an error. */
  keepalive(): Promise<any> {
    return post(`${this.url}/${this.sessionId}`, { janus: "keepalive", token: this.token });
  }

  async leave(): Promise<void> {
    await post(`${this.url}/${this.sessionId}`, { janus: "destroy", token: this.token }).catch(() => undefined);
  }
}

/** The VideoRoom's participants and allowed list, asked with an admin-added token of the test's own. */
export async function inspectVideoroom(janus: TestJanus, room: number, secret?: string): Promise<{ participants: Array<{ id: number; display?: string }> }> {
  const token = `test-inspector-${process.pid}`;
  await adminRequest(janus, { janus: "add_token", token, plugins: ["janus.plugin.videoroom"] });
  const inspector = await VideoroomParticipant.connect(janus.url, token);
  try {
    const data = await inspector.request({ request: "listparticipants", room, ...(secret ? { secret } : {}) });
    return { participants: data.participants ?? [] };
  } finally {
    await inspector.leave();
  }
}

/** The room's `allowed` list as Janus has it (needs the room secret, which only roomkey's database holds). */
export async function allowedList(janus: TestJanus, room: number, secret: string): Promise<string[]> {
  const token = `test-inspector-${process.pid}`;
  await adminRequest(janus, { janus: "add_token", token, plugins: ["janus.plugin.videoroom"] });
  const inspector = await VideoroomParticipant.connect(janus.url, token);
  try {
    const data = await inspector.request({ request: "allowed", room, secret, action: "enable" });
    if (!Array.isArray(data.allowed)) throw new Error(`allowed failed: ${JSON.stringify(data)}`);
    return data.allowed;
  } finally {
    await inspector.leave();
  }
}
