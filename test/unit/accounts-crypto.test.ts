// Passwords, session tokens and emails: the account primitives whose exact formats end up in the
// database, so they must not drift.
import { describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { normalizeEmail } from "../../src/accounts/email.js";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../../src/accounts/passwords.js";
import { generateSessionToken, hashSessionToken, looksLikeSessionToken } from "../../src/accounts/session-tokens.js";

const PASSWORD = "correct horse battery staple";

describe("hashPassword", () => {
  it("produces an argon2id PHC string with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane)", async () => {
    const hash = await hashPassword(PASSWORD);
    expect(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    // $argon2id$v=19$params$salt$digest, salt and digest in unpadded base64
    const [, algorithm, version, params, salt, digest, ...rest] = hash.split("$");
    expect([algorithm, version, params, rest]).toEqual(["argon2id", "v=19", "m=19456,t=2,p=1", []]);
    expect(salt).toMatch(/^[A-Za-z0-9+/]{16,}$/);
    expect(digest).toMatch(/^[A-Za-z0-9+/]{32,}$/);
  });

  it("salts every hash, so the same password hashes differently each time", async () => {
    const [first, second] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, PASSWORD)).toBe(true);
    expect(await verifyPassword(second, PASSWORD)).toBe(true);
  });
});

describe("verifyPassword", () => {
  it("is true for the password that was hashed and false for any other", async () => {
    const hash = await hashPassword(PASSWORD);
    expect(await verifyPassword(hash, PASSWORD)).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword(hash, "Correct horse battery staple")).toBe(false);
    expect(await verifyPassword(hash, `${PASSWORD} `)).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  it("handles non-ASCII passwords", async () => {
    const password = "pässwörd-密码-🔑🔑🔑";
    const hash = await hashPassword(password);
    expect(await verifyPassword(hash, password)).toBe(true);
    expect(await verifyPassword(hash, "passwörd-密码-🔑🔑🔑")).toBe(false);
  });

  it("verifies an argon2id hash made elsewhere, with other parameters, reading them from the hash", async () => {
    // "mySuperPass" hashed by a Go (golang.org/x/crypto/argon2) tool, from github.com/jtheo/argon2's README.
    const foreign = "$argon2id$v=19$m=3906,t=4,p=1$ejcSAnKlTR6fhI0SRV7cUw$6EvE9S1qgsA8PoS96uZzuBGZZWCaeK91CHdHHYzn/mA";
    expect(await verifyPassword(foreign, "mySuperPass")).toBe(true);
    expect(await verifyPassword(foreign, "mySuperPas")).toBe(false);
  });

  it.each([
    ["an empty string", ""],
    ["plain text", "not-a-hash"],
    ["a bcrypt hash", "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5ZhUlHf0L2d9N7Jfrn6y9T5tP0b1XxK"],
    ["an argon2id header without salt or digest", "$argon2id$v=19$m=19456,t=2,p=1$"],
    ["an argon2id hash with a garbage digest", "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$!!!"],
    ["an unknown algorithm", "$argon9$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
  ])("is false, without throwing, for a malformed hash: %s", async (_label, malformed) => {
    await expect(verifyPassword(malformed, PASSWORD)).resolves.toBe(false);
  });

  it("is false, without throwing, for a truncated real hash", async () => {
    const hash = await hashPassword(PASSWORD);
    await expect(verifyPassword(hash.slice(0, hash.length - 20), PASSWORD)).resolves.toBe(false);
    await expect(verifyPassword(hash.slice(0, hash.lastIndexOf("$")), PASSWORD)).resolves.toBe(false);
  });
});

describe("verifyAgainstDummy", () => {
  it.each([
    ["an ordinary password", PASSWORD],
    ["an empty password", ""],
    ["the dummy's own password", "roomkey-dummy-password-for-timing"],
  ])("is false for %s", async (_label, password) => {
    await expect(verifyAgainstDummy(password)).resolves.toBe(false);
  });
});

describe("session tokens", () => {
  it("are 43 characters of unpadded base64url encoding 32 bytes", () => {
    const token = generateSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const bytes = Buffer.from(token, "base64url");
    expect(bytes).toHaveLength(32);
    expect(bytes.toString("base64url")).toBe(token);
  });

  it("are unique across many", () => {
    const tokens = Array.from({ length: 10_000 }, () => generateSessionToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) expect(token).toHaveLength(43);
  });

  it("hash to the 32-byte SHA-256 digest of the token's UTF-8 text", () => {
    // FIPS 180-2 test vector for "abc".
    expect(hashSessionToken("abc").toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const token = generateSessionToken();
    const digest = hashSessionToken(token);
    expect(digest).toBeInstanceOf(Buffer);
    expect(digest).toHaveLength(32);
    expect(digest.equals(createHash("sha256").update(Buffer.from(token, "utf8")).digest())).toBe(true);
  });

  it("hash deterministically, and different tokens hash differently", () => {
    const token = generateSessionToken();
    expect(hashSessionToken(token).equals(hashSessionToken(token))).toBe(true);
    expect(hashSessionToken(token).equals(hashSessionToken(generateSessionToken()))).toBe(false);
    // The hash is of the text, not the decoded bytes: a one-character change changes it.
    const other = `${token.slice(0, 42)}${token[42] === "A" ? "B" : "A"}`;
    expect(hashSessionToken(token).equals(hashSessionToken(other))).toBe(false);
  });

});

describe("looksLikeSessionToken", () => {
  it("accepts every generated token", () => {
    for (let i = 0; i < 1000; i++) expect(looksLikeSessionToken(generateSessionToken())).toBe(true);
  });

  it.each([
    { label: "43 base64url characters", token: "A".repeat(43), accepted: true },
    { label: "dashes and underscores", token: `${"-".repeat(21)}${"_".repeat(22)}`, accepted: true },
    { label: "an empty string", token: "", accepted: false },
    { label: "42 characters", token: "A".repeat(42), accepted: false },
    { label: "44 characters", token: "A".repeat(44), accepted: false },
    { label: "a padded token", token: `${"A".repeat(43)}=`, accepted: false },
    { label: "standard base64's +", token: `${"A".repeat(42)}+`, accepted: false },
    { label: "standard base64's /", token: `${"A".repeat(42)}/`, accepted: false },
    { label: "a space inside", token: `${"A".repeat(21)} ${"A".repeat(21)}`, accepted: false },
    { label: "surrounding whitespace", token: ` ${"A".repeat(43)}`, accepted: false },
    { label: "a trailing newline", token: `${"A".repeat(43)}\n`, accepted: false },
    { label: "a bearer prefix", token: `Bearer ${"A".repeat(43)}`, accepted: false },
    { label: "a JWT", token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", accepted: false },
    { label: "non-ASCII letters", token: "é".repeat(43), accepted: false },
  ])("$label → $accepted", ({ token, accepted }) => {
    expect(looksLikeSessionToken(token)).toBe(accepted);
  });
});

describe("normalizeEmail", () => {
  it.each([
    ["alice@example.com", "alice@example.com"],
    ["Alice@Example.COM", "alice@example.com"],
    ["  bob@example.org \n", "bob@example.org"],
    ["\tCAROL+Tag@Mail.Example.NET\t", "carol+tag@mail.example.net"],
    ["Élodie@Exemple.FR", "élodie@exemple.fr"],
    ["", ""],
  ])("normalizes %j to %j", (email, normalized) => {
    expect(normalizeEmail(email)).toBe(normalized);
  });

  it("is idempotent and makes differently written forms of one address equal", () => {
    const forms = ["Dave@Example.com", " dave@EXAMPLE.com", "DAVE@example.COM  "];
    const normalized = forms.map(normalizeEmail);
    expect(new Set(normalized)).toEqual(new Set(["dave@example.com"]));
    for (const email of normalized) expect(normalizeEmail(email)).toBe(email);
  });
});
