// JSON logs (pino). Secrets never reach a log line: the error serializer keeps only what explains
// an error (never a database driver's query parameters, which carry password hashes, token hashes
// and request input), and well-known secret fields are redacted wherever a log call passes them.
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

const REDACTED_PATHS = [
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "headers.authorization",
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "sessionToken",
  "*.sessionToken",
  "variables",
  "*.variables",
];

/** `destination` defaults to stdout; tests pass a sink to read what would be written. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "roomkey" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: serializeError },
    },
    destination,
  );
}

/** Fields of an error (and of PostgreSQL/PGlite driver errors) that explain it without carrying data. */
const SAFE_ERROR_FIELDS = ["code", "severity", "routine", "table", "column", "constraint", "schema", "dataType", "status", "statusCode"];
const MAX_CAUSES = 5;

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
  [field: string]: unknown;
}

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const serialized: SerializedError = { type: error.constructor?.name ?? error.name, message: error.message, stack: error.stack };
  const record = error as unknown as Record<string, unknown>;
  for (const field of SAFE_ERROR_FIELDS) {
    const value = record[field];
    if (typeof value === "string" || typeof value === "number") serialized[field] = value;
  }
  // TypeORM wraps the driver's error; its cause is what names the real problem.
  const cause = record.driverError ?? error.cause;
  if (cause !== undefined && depth < MAX_CAUSES) serialized.cause = serializeError(cause, depth + 1);
  return serialized;
}
