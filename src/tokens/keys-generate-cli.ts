// npm run keys:generate -- --out DIR [--bits 2048|3072|4096] [--force]
// Creates a perms-token signing key and prints the two lines that wire it up.
import { parseArgs } from "node:util";
import { DEFAULT_MODULUS_BITS, findExistingKeyFiles, generateKeyPair, KeyError, MAX_MODULUS_BITS, MIN_MODULUS_BITS, writeKeyFiles } from "./keys.js";

const USAGE = `Usage: npm run keys:generate -- --out DIR [--bits 2048|3072|4096] [--force]

Writes an RSA key pair for perms tokens:
  DIR/key.pem     private key, PKCS#8 PEM, mode 0600 (AUTH_KEY_PRIVATE)
  DIR/public.pem  public key, SPKI PEM
  DIR/public.der  public key, PKCS#1 DER (janus-plugin-sfu auth_key)

  --out DIR    directory to write into (created if missing)
  --bits N     key size, ${MIN_MODULUS_BITS} to ${MAX_MODULUS_BITS} (default ${DEFAULT_MODULUS_BITS}; 3072 and 4096 cost more per signature, see README)
  --force      replace existing key files`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]): { out: string; bits: number; force: boolean } | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: "string" }, bits: { type: "string" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  if (!values.out) throw new UsageError("--out DIR is required");
  const bitsText = values.bits ?? String(DEFAULT_MODULUS_BITS);
  const bits = Number(bitsText);
  if (!/^\d+$/.test(bitsText) || bits < MIN_MODULUS_BITS || bits > MAX_MODULUS_BITS) {
    throw new UsageError(`--bits must be a whole number from ${MIN_MODULUS_BITS} to ${MAX_MODULUS_BITS}, got "${bitsText}"`);
  }
  return { out: values.out, bits, force: values.force ?? false };
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  // Checked before generating, which takes a while at 4096 bits; writeKeyFiles refuses too (races).
  const existing = args.force ? [] : await findExistingKeyFiles(args.out);
  if (existing.length > 0) {
    console.error(`refusing to overwrite existing ${existing.join(", ")} (pass --force to replace them)`);
    return 1;
  }
  try {
    const key = await generateKeyPair(args.bits);
    const paths = await writeKeyFiles(args.out, key, { overwrite: args.force });
    console.log(
      [
        `Wrote a ${key.modulusBits}-bit RSA key pair (kid ${key.kid}):`,
        `  ${paths.privateKeyPem}  (private, keep secret)`,
        `  ${paths.publicKeyPem}`,
        `  ${paths.publicKeyDer}`,
        "",
        "In janus.plugin.sfu.cfg:",
        `auth_key = ${paths.publicKeyDer}`,
        "",
        "In roomkey's environment:",
        `AUTH_KEY_PRIVATE=${paths.privateKeyPem}`,
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof KeyError)) throw error;
    console.error(error.message);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
