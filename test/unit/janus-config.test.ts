import { describe, expect, it } from "@jest/globals";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("Janus configuration", () => {
  it("is off when JANUS_URL is unset", () => {
    expect(loadConfig({}).janus).toBeUndefined();
  });

  it("refuses JANUS_URL without the Admin API, naming what is missing", () => {
    expect(() => loadConfig({ JANUS_URL: "http://127.0.0.1:8088/janus" })).toThrow(ConfigError);
    expect(() => loadConfig({ JANUS_URL: "http://127.0.0.1:8088/janus" })).toThrow(/JANUS_ADMIN_URL, JANUS_ADMIN_SECRET/);
  });

  it("reads the URLs without trailing slashes, and the public URL defaults to JANUS_URL", () => {
    const janus = loadConfig({ JANUS_URL: "http://127.0.0.1:8088/janus/", JANUS_ADMIN_URL: "http://127.0.0.1:7088/admin/", JANUS_ADMIN_SECRET: "s" }).janus;
    expect(janus).toMatchObject({ url: "http://127.0.0.1:8088/janus", publicUrl: "http://127.0.0.1:8088/janus", adminUrl: "http://127.0.0.1:7088/admin", requestTimeoutMs: 3000, tokenTtlSeconds: 3600 });
  });
});
