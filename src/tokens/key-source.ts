// Key settings hold either a file path or the PEM text itself. This reads either into bytes and
// says where they came from, for error messages that never repeat key material.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { KeyError } from "./key-error.js";

export interface KeySource {
  /** `key file /abs/path` or `inline PEM`. */
  readonly origin: string;
  readonly bytes: Buffer;
}

export interface PemBlock {
  /** The word(s) after BEGIN, e.g. "PRIVATE KEY" or "RSA PUBLIC KEY". */
  readonly label: string;
  /** The whole block, BEGIN and END lines included. */
  readonly text: string;
}

const PEM_BEGIN = "-----BEGIN ";
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const MAX_PATH_LENGTH = 4096;

export async function readKeySource(source: string): Promise<KeySource> {
  const value = source.trim();
  if (value.startsWith(PEM_BEGIN)) return { origin: "inline PEM", bytes: Buffer.from(unescapeNewlines(value)) };
  if (value === "" || /[\r\n]/.test(value) || value.length > MAX_PATH_LENGTH) {
    // Not echoed: it may be key material pasted without its BEGIN line.
    throw new KeyError("KEY_NOT_PEM", `key value is neither PEM text (starting with "${PEM_BEGIN}") nor a file path`);
  }
  const file = path.resolve(value);
  try {
    return { origin: `key file ${file}`, bytes: await readFile(file) };
  } catch (error) {
    throw readError(file, error);
  }
}

export function findPemBlocks(bytes: Buffer): PemBlock[] {
  // latin1 maps every byte to one character, so binary input cannot throw and simply has no blocks.
  return [...bytes.toString("latin1").matchAll(PEM_BLOCK)].map((match) => ({ label: match[1]!, text: match[0] }));
}

/** Binary DER starts with an ASN.1 SEQUENCE tag and has no PEM armour. */
export function looksLikeDer(bytes: Buffer): boolean {
  return bytes[0] === 0x30 && !bytes.includes(PEM_BEGIN);
}

// Environment variables often carry PEM on one line with literal "\n" escapes.
function unescapeNewlines(pem: string): string {
  return pem.includes("\n") ? pem : pem.replaceAll("\\n", "\n");
}

function readError(file: string, error: unknown): KeyError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new KeyError("KEY_FILE_NOT_FOUND", `key file not found: ${file}`, { cause: error });
  if (code === "EISDIR") return new KeyError("KEY_FILE_UNREADABLE", `${file} is a directory, not a key file`, { cause: error });
  if (code === "EACCES" || code === "EPERM") {
    return new KeyError("KEY_FILE_UNREADABLE", `key file ${file} is not readable (permission denied)`, { cause: error });
  }
  return new KeyError("KEY_FILE_UNREADABLE", `key file ${file} could not be read: ${(error as Error).message}`, { cause: error });
}
