// Slugs are room ids handed to media servers, so they must always match the strict pattern, no
// matter what people type as a room name.
import { describe, expect, it } from "@jest/globals";
import { generateSlug, isValidSlug, slugifyName } from "../../src/rooms/slug.js";

const SUFFIX = /^[a-z0-9]{6}$/;

/** A deterministic random source: hands out the given bytes in order, cycling. */
function bytesSource(bytes: number[]): { random: (size: number) => Buffer; sizes: number[] } {
  const sizes: number[] = [];
  let next = 0;
  return {
    sizes,
    random(size: number) {
      sizes.push(size);
      return Buffer.from(Array.from({ length: size }, () => bytes[next++ % bytes.length]!));
    },
  };
}

/** Seeded xorshift32, so the fuzz cases are the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

describe("isValidSlug", () => {
  it.each([
    ["abc", "three characters, the shortest allowed"],
    ["a".repeat(64), "64 characters, the longest allowed"],
    ["team-standup-x7k2qa", "words joined by dashes"],
    ["room42", "digits"],
    ["42room", "a leading digit"],
    ["a-b", "a dash inside"],
  ])("accepts %j (%s)", (slug) => {
    expect(isValidSlug(slug)).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["ab", "two characters"],
    ["a".repeat(65), "65 characters"],
    ["-abc", "a leading dash"],
    ["Abc", "an uppercase letter"],
    ["ROOM", "all uppercase"],
    ["café", "an accented letter"],
    ["раз-два", "Cyrillic"],
    ["会議室-abc", "CJK"],
    ["abc🎉", "an emoji"],
    ["team_standup", "an underscore"],
    ["team standup", "a space"],
    ["team.standup", "a dot"],
    ["abc\n", "a trailing newline"],
    [" abc", "a leading space"],
  ])("rejects %j (%s)", (slug) => {
    expect(isValidSlug(slug)).toBe(false);
  });
});

describe("slugifyName", () => {
  it.each([
    ["Café Society!", "cafe-society"],
    ["Crème Brûlée Fans", "creme-brulee-fans"],
    ["Ångström Ñandú", "angstroem-nandu"],
    ["Team Standup", "team-standup"],
    ["  Weekly   sync  ", "weekly-sync"],
    ["Q&A: Ask me anything?!", "q-and-a-ask-me-anything"],
    ["a -- b __ c", "a-b-c"],
    ["--leading and trailing--", "leading-and-trailing"],
    ["!!!Hello!!!", "hello"],
    ["Room 101", "room-101"],
    ["ﬁnance", "finance"], // the ligature decomposes to plain letters
    ["ALL CAPS", "all-caps"],
  ])("turns %j into %j", (name, slug) => {
    expect(slugifyName(name)).toBe(slug);
  });

  it.each([
    ["", "empty"],
    ["   ", "whitespace"],
    ["🎉🎉🎉", "emoji only"],
    ["👩‍👩‍👧‍👦", "a joined emoji"],
    ["!?.,;:", "punctuation only"],
    ["会議室", "CJK only"],
  ])("leaves nothing of %j (%s)", (name) => {
    expect(slugifyName(name)).toBe("");
  });

  it("truncates long names to 57 characters, leaving room for the suffix", () => {
    const slug = slugifyName("word ".repeat(100));
    expect(slug.length).toBeLessThanOrEqual(57);
    expect(slug.startsWith("word-word-")).toBe(true);
  });

  it("truncates at 57 characters exactly when the cut falls inside a word", () => {
    expect(slugifyName("x".repeat(200))).toBe("x".repeat(57));
  });

  it("does not leave a trailing dash when the cut falls on a separator", () => {
    // 56 letters then a separator: the 57th character would be the dash.
    expect(slugifyName(`${"a".repeat(56)} and more`)).toBe("a".repeat(56));
    // A run of separators collapses to one dash first, which then falls on the cut.
    expect(slugifyName(`${"b".repeat(56)} ... tail`)).toBe("b".repeat(56));
    // One character earlier, the cut keeps a letter of the next word.
    expect(slugifyName(`${"b".repeat(55)} ... tail`)).toBe(`${"b".repeat(55)}-t`);
  });

  it("never starts or ends with a dash, for any cut position", () => {
    for (let length = 1; length <= 70; length++) {
      const slug = slugifyName(`${"c".repeat(length)} ${"d".repeat(70)}`);
      expect(slug).not.toMatch(/^-|-$/);
      expect(slug.length).toBeLessThanOrEqual(57);
    }
  });
});

describe("generateSlug", () => {
  it("appends a 6-character suffix drawn from [a-z0-9] to the slugified name", () => {
    const slug = generateSlug("Team Standup");
    expect(slug).toMatch(/^team-standup-[a-z0-9]{6}$/);
    expect(isValidSlug(slug)).toBe(true);
  });

  it("asks the random source for exactly 6 bytes and maps each byte onto a-z then 0-9", () => {
    const source = bytesSource([0, 1, 25, 26, 35, 36]);
    expect(generateSlug("Café Society!", source.random)).toBe("cafe-society-abz09a");
    expect(source.sizes).toEqual([6]);
  });

  it("wraps bytes above 35 around the 36-character alphabet", () => {
    // 37 % 36 = 1 → b, 71 % 36 = 35 → 9, 255 % 36 = 3 → d, 108 % 36 = 0 → a
    expect(generateSlug("x y z", bytesSource([37, 71, 255, 108, 72, 73]).random)).toBe("x-y-z-b9daab");
  });

  it("is deterministic for a given random source", () => {
    const bytes = [200, 17, 99, 3, 250, 64];
    expect(generateSlug("Standup", bytesSource(bytes).random)).toBe(generateSlug("Standup", bytesSource(bytes).random));
  });

  it.each([
    ["", "empty"],
    ["    ", "whitespace"],
    ["🎉🎊", "emoji only"],
    ["会議室", "CJK only"],
    ["---", "dashes only"],
  ])("falls back to room-xxxxxx for %j (%s)", (name) => {
    expect(generateSlug(name, bytesSource([7, 30, 2, 11, 19, 33]).random)).toBe("room-h4clt7");
    expect(generateSlug(name)).toMatch(/^room-[a-z0-9]{6}$/);
  });

  it("keeps long names within 64 characters, suffix included", () => {
    const slug = generateSlug("a very long room name ".repeat(30));
    expect(slug.length).toBeLessThanOrEqual(64);
    expect(isValidSlug(slug)).toBe(true);
    expect(slug.split("-").at(-1)).toMatch(SUFFIX);
  });

  it("uses the full 64 characters when the name is one long word", () => {
    const slug = generateSlug("z".repeat(500), bytesSource([0]).random);
    expect(slug).toBe(`${"z".repeat(57)}-aaaaaa`);
    expect(slug).toHaveLength(64);
  });

  it("differs between calls with the real random source", () => {
    const slugs = new Set(Array.from({ length: 200 }, () => generateSlug("Standup")));
    expect(slugs.size).toBe(200);
  });

  it.each([
    ["", "empty"],
    [" \t\n ", "whitespace"],
    ["x".repeat(500), "500 letters"],
    ["word ".repeat(100), "500 characters of words"],
    ["-".repeat(500), "500 dashes"],
    ["🎉".repeat(250), "500 UTF-16 units of emoji"],
    ["会議室の予定", "CJK"],
    ["Ünïcödé Ǹàmé", "accents"],
    ["a", "one letter"],
    ["a!", "one letter and punctuation"],
    ["ab", "two letters"],
    ["_", "an underscore"],
    ["\u0000\u0007", "control characters"],
    ["\u0301\u0301abc", "leading combining marks"],
    ["İstanbul", "dotted capital I"],
    ["ＦＵＬＬＷＩＤＴＨ", "full-width letters"],
  ])("produces a valid slug for %j (%s)", (name) => {
    expect(isValidSlug(generateSlug(name))).toBe(true);
  });

  it("produces a valid slug for thousands of random names", () => {
    const next = prng(0x5eed);
    // Pools that mix what people type: ASCII, punctuation, accents, combining marks, CJK, emoji, whitespace.
    const pools = [
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
      " \t\n-_.,!?&/\\'\"()[]{}@#$%^*+=~`|<>:;",
      "àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÉÎÕÜßøØæÆœŒłŁ",
      "\u0300\u0301\u0308\u200d\ufe0f",
      "会議室予定東京한국어日本語",
      "🎉🎊😀👍🏽🚀",
    ];
    const chars = pools.map((pool) => Array.from(pool));
    for (let i = 0; i < 3000; i++) {
      const length = next() % (i % 10 === 0 ? 500 : 40);
      let name = "";
      for (let j = 0; j < length; j++) {
        const pool = chars[next() % chars.length]!;
        name += pool[next() % pool.length];
      }
      const source = bytesSource([next() & 0xff, next() & 0xff, next() & 0xff, next() & 0xff, next() & 0xff, next() & 0xff]);
      const slug = generateSlug(name, source.random);
      if (!isValidSlug(slug)) throw new Error(`invalid slug ${JSON.stringify(slug)} for name ${JSON.stringify(name)}`);
      expect(slug.slice(-7)).toMatch(/^-[a-z0-9]{6}$/);
      expect(slug.startsWith(slugifyName(name) || "room")).toBe(true);
    }
  });
});
