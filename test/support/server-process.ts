// Runs the built server (`node dist/src/main.js`) as a child process, the way `npm start` does.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";

const root = new URL("../../", import.meta.url).pathname;
let built: Promise<unknown> | undefined;

/** Compiles once per test file (tsc), as `npm start` would. */
export function buildOnce(): Promise<unknown> {
  built ??= promisify(execFile)("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root });
  return built;
}

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the base URL once the server logs that it listens. */
  listening: Promise<string>;
  exited: Promise<number | null>;
}

export function spawnServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ["dist/src/main.js"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/"url":"(http:\/\/[^"]+)\/graphql"/);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  listening.catch(() => undefined);
  return { child, output: () => output, listening, exited };
}
