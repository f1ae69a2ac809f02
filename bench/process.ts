// Servers under test run as child processes (`node dist/...`), so the load generator never shares
// their event loop, and their memory can be read from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface ServerProcess {
  /** Base URL, e.g. http://127.0.0.1:43121 */
  url: string;
  pid: number;
  /** Peak resident memory (VmHWM) in MiB, summed over the process and its children (cluster workers). */
  peakRssMiB(): number;
  stop(): Promise<number | null>;
}

const root = new URL("../../", import.meta.url).pathname;

/** Starts `node <script>` from the repository root and waits for its "listening" log line with the URL. */
export async function startServer(script: string, env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s:\n${output.slice(-2000)}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const match = output.match(/"url":"(http:\/\/[^"]+)\/graphql"/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening:\n${output.slice(-2000)}`));
    });
  });
  // Keep draining the pipes so a chatty server never blocks on a full pipe.
  return {
    url,
    pid: child.pid!,
    peakRssMiB: () => [child.pid!, ...childPids(child.pid!)].reduce((sum, pid) => sum + peakRssKiB(pid), 0) / 1024,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

function peakRssKiB(pid: number): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB/m);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Direct children of `pid` (the workers of a cluster primary). */
export function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
