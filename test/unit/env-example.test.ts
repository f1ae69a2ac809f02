import { readFile } from "node:fs/promises";
import { parseEnv } from "node:util";
import { describe, expect, it } from "@jest/globals";
import { loadConfig } from "../../src/config.js";

describe(".env.example", () => {
  it("documents the defaults: loading it changes nothing", async () => {
    const example = parseEnv(await readFile(new URL("../../.env.example", import.meta.url), "utf8"));
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });

  it("mentions every variable the config module reads", async () => {
    const text = await readFile(new URL("../../.env.example", import.meta.url), "utf8");
    const source = await readFile(new URL("../../src/config.ts", import.meta.url), "utf8");
    const variables = [...source.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]!);
    expect(variables.length).toBeGreaterThan(20);
    for (const variable of variables) expect(text).toContain(variable);
  });
});
