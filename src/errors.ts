// Domain errors thrown by contexts. The GraphQL layer maps `code` to `extensions.code`;
// anything that is not a DomainError is masked as INTERNAL_SERVER_ERROR.

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "BANNED"
  | "ROOM_CLOSED"
  | "RATE_LIMITED"
  | "UPSTREAM_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, for BAD_USER_INPUT and CONFLICT. */
    readonly field?: string,
    /** For RATE_LIMITED: whole seconds until the budget allows another try (`extensions.retryAfter`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const unauthenticated = (message = "You must be signed in to do this") => new DomainError("UNAUTHENTICATED", message);
export const forbidden = (message = "You are not allowed to do this") => new DomainError("FORBIDDEN", message);
export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);
export const badInput = (field: string, message: string) => new DomainError("BAD_USER_INPUT", message, field);
export const conflict = (field: string, message: string) => new DomainError("CONFLICT", message, field);
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new DomainError("RATE_LIMITED", `${message}; try again in ${retryAfterSeconds} seconds`, undefined, retryAfterSeconds);
