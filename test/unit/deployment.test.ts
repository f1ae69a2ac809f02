// Docker is not available where this repository is developed, so the Dockerfile and compose.yaml
// are never built or started here. This checks what can be checked without Docker: the compose
// environment loads into a valid production Config that points at the compose services, every
// variable it sets is one src/config.ts reads, the Janus files it mounts exist and agree with it,
// and the image is multi-stage, non-root, production, listening on all interfaces with a health check.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import { parse } from "yaml";
import { loadConfig } from "../../src/config.js";

const root = new URL("../../", import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), "utf8");

const compose = parse(read("compose.yaml")) as {
  services: Record<string, { environment?: Record<string, string>; ports?: string[]; volumes?: string[]; depends_on?: Record<string, { condition: string }>; build?: string }>;
};
const dockerfile = read("Dockerfile");
const configVariables = [...read("src/config.ts").matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]!);

/** Compose's interpolation: ${NAME:?message} takes the operator's value, ${NAME:-default} its default. */
function interpolate(value: string, operator: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string) => {
    if (operator[name] !== undefined) return operator[name];
    if (kind === "?") throw new Error(`${name} is required: ${rest}`);
    return kind === "-" ? rest : "";
  });
}

/** ENV lines of the final stage (after the last FROM). */
function imageEnvironment(): Record<string, string> {
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
  const env: Record<string, string> = {};
  for (const [, block] of finalStage.matchAll(/^ENV ((?:.*\\\n)*.*)$/gm)) {
    for (const [, name, value] of block!.replace(/\\\n/g, " ").matchAll(/([A-Z_]+)=(\S+)/g)) env[name!] = value!;
  }
  return env;
}

const OPERATOR = { POSTGRES_PASSWORD: "pg-secret", JANUS_ADMIN_SECRET: "janus-secret" };
const serviceEnv = (service: string) =>
  Object.fromEntries(Object.entries(compose.services[service]?.environment ?? {}).map(([name, value]) => [name, interpolate(String(value), OPERATOR)]));

describe("compose.yaml", () => {
  it("runs roomkey, postgres and janus, roomkey starting once PostgreSQL is healthy", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["janus", "postgres", "roomkey"]);
    expect(compose.services.roomkey!.depends_on?.postgres).toEqual({ condition: "service_healthy" });
  });

  it("sets only variables src/config.ts reads", () => {
    for (const name of Object.keys(compose.services.roomkey!.environment!)) expect(configVariables).toContain(name);
  });

  it("loads, with the image's environment, into a production Config pointing at the compose services", () => {
    const config = loadConfig({ ...imageEnvironment(), ...serviceEnv("roomkey") });
    expect(config).toMatchObject({ nodeEnv: "production", host: "0.0.0.0", port: 4000 });
    const postgres = serviceEnv("postgres");
    const database = new URL(config.databaseUrl!);
    expect([database.hostname, database.port, database.username, database.password, database.pathname]).toEqual([
      "postgres",
      "5432",
      postgres.POSTGRES_USER,
      postgres.POSTGRES_PASSWORD,
      `/${postgres.POSTGRES_DB}`,
    ]);
    expect(compose.services.roomkey!.ports).toContain(`\${ROOMKEY_PORT:-4000}:${config.port}`);
    expect(compose.services.roomkey!.volumes).toContain(`./keys:${config.permsToken.privateKey!.replace(/\/key\.pem$/, "")}:ro`);
    expect(config.janus).toMatchObject({ url: "http://janus:8088/janus", adminUrl: "http://janus:7088/admin", adminSecret: OPERATOR.JANUS_ADMIN_SECRET });
  });

  it("gives Janus the admin secret roomkey uses, and mounts Janus files that exist and listen where roomkey calls", () => {
    expect(serviceEnv("janus").JANUS_ADMIN_SECRET).toBe(serviceEnv("roomkey").JANUS_ADMIN_SECRET);
    const mounts = compose.services.janus!.volumes!.map((volume) => volume.split(":")[0]!);
    for (const file of mounts) expect(existsSync(new URL(file, root))).toBe(true);
    expect(read("deploy/janus/janus.jcfg")).toMatch(/admin_secret = "@JANUS_ADMIN_SECRET@"[\s\S]*token_auth = true/);
    expect(read("deploy/janus/entrypoint.sh")).toContain("@JANUS_ADMIN_SECRET@|${JANUS_ADMIN_SECRET}");
    const http = read("deploy/janus/janus.transport.http.jcfg");
    expect(http).toMatch(/base_path = "\/janus"[\s\S]*port = 8088/);
    expect(http).toMatch(/admin_base_path = "\/admin"[\s\S]*admin_port = 7088/);
    expect(read("deploy/janus/Dockerfile")).toMatch(/^FROM debian:bookworm[\s\S]*apt-get install -y --no-install-recommends janus/m);
  });
});

describe("Dockerfile", () => {
  it("builds in one stage and runs from node:20-bookworm-slim with production dependencies only", () => {
    expect(dockerfile.match(/^FROM .*/gm)).toEqual(["FROM node:20-bookworm-slim AS build", "FROM node:20-bookworm-slim"]);
    expect(dockerfile).toMatch(/RUN npm ci[\s\S]*npm run build && npm prune --omit=dev/);
  });

  it("runs as the unprivileged node user, in production, on all interfaces, with a health check on /healthz", () => {
    expect(dockerfile.match(/^USER (\S+)/m)?.[1]).toBe("node");
    expect(imageEnvironment()).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0", PORT: "4000" });
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
  });

  it("keeps local state and secrets out of the build context", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of ["node_modules", "data", "keys", ".env"]) expect(ignored).toContain(entry);
  });
});
