import { describe, expect, it } from "@jest/globals";
import { DEFAULT_PAGE_SIZE, PAGE_SIZE_MAX, checkFirst, decodeCursor, encodeCursor } from "../../src/db/keyset-page.js";

const key = { createdAt: "2026-11-23T13:47:58.123456Z", id: "0b7c6f1e-7d7a-4a53-9d43-2f1f0e6f7a10" };

describe("keyset cursors", () => {
  it("round-trip (created_at to the microsecond, id) through an opaque base64url string", () => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it.each([
    ["not base64url JSON", "%%%"],
    ["JSON that is not a pair", Buffer.from(JSON.stringify({ a: 1 })).toString("base64url")],
    ["a millisecond-only time", encodeCursor({ ...key, createdAt: "2026-11-23T13:47:58.123Z" })],
    ["an id that is not a UUID", encodeCursor({ ...key, id: "1; DROP TABLE rooms" })],
    ["the empty string", ""],
  ])("refuse %s with BAD_USER_INPUT on `after`", (_case, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field: "after" }));
  });

  it(`accept first from 1 to ${PAGE_SIZE_MAX}, null as ${DEFAULT_PAGE_SIZE}, and refuse anything else on \`first\``, () => {
    expect(checkFirst(1)).toBe(1);
    expect(checkFirst(PAGE_SIZE_MAX)).toBe(PAGE_SIZE_MAX);
    expect(checkFirst(null)).toBe(DEFAULT_PAGE_SIZE);
    for (const bad of [0, -1, PAGE_SIZE_MAX + 1, 2.5]) {
      expect(() => checkFirst(bad)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field: "first" }));
    }
  });
});
