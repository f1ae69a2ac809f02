// Recognises "the database is not there right now" among the errors pg and TypeORM raise, so the
// API can answer UPSTREAM_UNAVAILABLE (retry later) instead of masking it as an internal error.
import { DomainError } from "../errors.js";

/** Socket-level failures reaching the server. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/** SQLSTATEs meaning the server (not the query) failed: shutting down, starting up, over capacity, timed out. */
const SQLSTATES = new Set([
  "57P01", // admin_shutdown: the server is stopping (fast shutdown terminates sessions)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "53300", // too_many_connections
  "57014", // query_canceled: statement_timeout fired
  "25P03", // idle_in_transaction_session_timeout
]);

/** pg's own messages for a connection that died or never came, which carry no code. */
const MESSAGES = [
  /Connection terminated/i, // "...unexpectedly", "...due to connection timeout"
  /timeout exceeded when trying to connect/i, // pg-pool's connectionTimeoutMillis
  /Client has encountered a connection error and is not queryable/i,
  /Query read timeout/i, // pg's query_timeout
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  // TypeORM releases a query runner whose connection dropped (server shutdown mid-transaction);
  // the transaction's next query then fails with this instead of the connection error.
  if ((error as { name?: unknown })?.name === "QueryRunnerAlreadyReleasedError") return true;
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, message, driverError, cause } = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === "string" && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string" && MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = driverError ?? cause;
  }
  return false;
}

export const databaseUnavailable = () =>
  new DomainError("UPSTREAM_UNAVAILABLE", "The database is unavailable right now; try again shortly");
