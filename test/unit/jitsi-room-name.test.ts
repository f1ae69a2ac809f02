import { describe, expect, it } from "@jest/globals";
import { jitsiRoomName, slugFromJitsiRoomName } from "../../src/media/jitsi/room-name.js";

// The Prosody plugin's `(%w+)_(%w+)_(%d+)`, anchored, with %w as ASCII letters and digits.
const luaPasswordPattern = /^([A-Za-z0-9]+)_([A-Za-z0-9]+)_([0-9]+)$/;

/** Every slug of the given lengths over a small alphabet that includes the escape letter and "-". */
function allSlugs(alphabet: string[], minLength: number, maxLength: number): string[] {
  const slugs: string[] = [];
  const grow = (prefix: string) => {
    if (prefix.length >= minLength) slugs.push(prefix);
    if (prefix.length === maxLength) return;
    for (const char of alphabet) if (prefix !== "" || char !== "-") grow(prefix + char);
  };
  grow("");
  return slugs;
}

describe("jitsiRoomName", () => {
  it("leaves slugs without dashes or q unchanged", () => {
    expect(jitsiRoomName("angrywhalesgrowhigh")).toBe("angrywhalesgrowhigh");
    expect(jitsiRoomName("room42")).toBe("room42");
  });

  it("escapes dashes as qd and q as qq", () => {
    expect(jitsiRoomName("team-sync")).toBe("teamqdsync");
    expect(jitsiRoomName("faq-q")).toBe("faqqqdqq");
    expect(jitsiRoomName("a--b")).toBe("aqdqdb");
    expect(jitsiRoomName("ab-")).toBe("abqd");
  });

  it.each([
    ["a-bc", "ab-c"],
    ["abc", "a-bc"],
    ["ab-", "abqd"],
    ["aqd", "a-d"],
    ["a-d", "aqdd"],
    ["aqq", "aq-"],
    ["a--b", "a-b"],
    ["q-d", "qqd"],
  ])("keeps %s and %s apart", (first, second) => {
    expect(jitsiRoomName(first)).not.toBe(jitsiRoomName(second));
  });

  it("is injective and reversible over every short slug built from a, d, q, 0 and -", () => {
    const slugs = allSlugs(["a", "d", "q", "0", "-"], 3, 6);
    expect(slugs.length).toBeGreaterThan(15000);
    const names = new Map<string, string>();
    for (const slug of slugs) {
      const name = jitsiRoomName(slug);
      expect(names.get(name)).toBeUndefined();
      names.set(name, slug);
      expect(slugFromJitsiRoomName(name)).toBe(slug);
    }
  });

  it("produces names the Prosody plugin parses back to the same room", () => {
    for (const slug of ["team-sync", "a-b-c", "qqq", "0-0", `a${"-".repeat(63)}`, "x".repeat(64)]) {
      const name = jitsiRoomName(slug);
      expect(name).toMatch(/^[a-z0-9]+$/);
      const match = luaPasswordPattern.exec(`${"f".repeat(64)}_${name}_1446573136000`);
      expect(match?.[2]).toBe(name);
    }
  });

  it.each(["ab", "-abc", "Abc", "a_bc", "a bc", "abc.", "", "a".repeat(65)])("rejects the non-slug %j", (slug) => {
    expect(() => jitsiRoomName(slug)).toThrow(RangeError);
  });
});

describe("slugFromJitsiRoomName", () => {
  it.each(["abqx", "abcq", "ab", "Abc", "ab-c", "qd" + "a".repeat(63)])("returns undefined for %j, which no slug maps to", (name) => {
    expect(slugFromJitsiRoomName(name)).toBeUndefined();
  });
});
