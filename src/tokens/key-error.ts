// One error class for every way a signing or verification key can be unusable, so startup fails
// with a message that says exactly what to fix. `code` is stable for callers and tests.

export type KeyErrorCode =
  | "KEY_MISSING" // no key configured where one is required
  | "KEY_FILE_NOT_FOUND"
  | "KEY_FILE_UNREADABLE"
  | "KEY_NOT_PEM" // neither PEM text nor (where allowed) DER
  | "KEY_WRONG_KIND" // a PEM block of the wrong sort: public vs private, encrypted, certificate, OpenSSH
  | "KEY_INVALID" // the right kind of block, but the bytes do not parse
  | "KEY_NOT_RSA"
  | "KEY_SIZE" // outside the 2048–8192 bits janus-plugin-sfu accepts
  | "KEY_FILES_EXIST"; // refusing to overwrite

export class KeyError extends Error {
  override name = "KeyError";
  constructor(
    readonly code: KeyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
