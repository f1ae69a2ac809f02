// Janus failures as the contract's UPSTREAM_UNAVAILABLE, with a message that says what happened.
import { DomainError } from "../../errors.js";
import { JanusError, JanusUnreachableError } from "./janus-errors.js";

export const janusNotConfigured = () =>
  new DomainError("UPSTREAM_UNAVAILABLE", "Janus is not configured on this server (set JANUS_URL, JANUS_ADMIN_URL and JANUS_ADMIN_SECRET)");

/** Rethrows Janus failures as UPSTREAM_UNAVAILABLE; anything else unchanged. */
export function asUpstreamError(error: unknown): unknown {
  if (error instanceof JanusUnreachableError) return new DomainError("UPSTREAM_UNAVAILABLE", `Janus is unavailable: ${error.message}`);
  if (error instanceof JanusError) return new DomainError("UPSTREAM_UNAVAILABLE", `Janus refused the request (${error.source} error ${error.code}: ${error.reason})`);
  return error;
}

export async function upstream<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asUpstreamError(error);
  }
}
