// Maps errors to the contract's `extensions.code`. Domain errors keep their message; anything
// unexpected is logged and masked so no stack trace or SQL leaks to clients.
import { HeaderMap } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { ValidationError } from "class-validator";
import { DomainError } from "../errors.js";

type Logger = { error: (obj: object, msg: string) => void };

/** Apollo's own request-level codes: the request itself was bad. */
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "PERSISTED_QUERY_NOT_FOUND",
]);

export function createErrorFormatter(logger: Logger, options: { exposeStackTraces: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = domainErrorOf(error) ?? unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (original instanceof DomainError) {
      const extensions: Record<string, unknown> = { code: original.code };
      if (original.field) extensions.field = original.field;
      if (original.retryAfterSeconds !== undefined) extensions.retryAfter = original.retryAfterSeconds;
      return { ...base, message: original.message, extensions };
    }
    const validationErrors = validationErrorsOf(original) ?? validationErrorsOf(formatted);
    if (validationErrors) {
      const fields = validationErrors.flatMap((entry) => flattenValidation(entry));
      const message = fields.map((field) => field.messages.join("; ")).join("; ") || "Invalid input";
      return { ...base, message, extensions: { code: "BAD_USER_INPUT", field: fields[0]?.field, fields } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && REQUEST_ERROR_CODES.has(code)) {
      return { ...base, extensions: { code: "BAD_USER_INPUT", reason: code } };
    }
    logger.error({ err: original }, "unexpected error while executing a GraphQL operation");
    const extensions: Record<string, unknown> = { code: "INTERNAL_SERVER_ERROR" };
    if (options.exposeStackTraces && original instanceof Error) extensions.stacktrace = original.stack?.split("\n");
    return { ...base, message: "Internal server error", extensions };
  };
}

/** RFC 6750's challenge for a bearer token that names nothing live. */
export const INVALID_TOKEN_CHALLENGE = 'Bearer error="invalid_token"';

/**
 * For the context function: a DomainError raised while working out who is calling becomes a
 * GraphQLError carrying its HTTP status (Apollo answers 500 for anything else thrown there).
 * UNAUTHENTICATED answers 401 with RFC 6750's `WWW-Authenticate: Bearer error="invalid_token"`.
 */
export function asContextFailure(error: unknown): never {
  if (!(error instanceof DomainError)) throw error;
  const http =
    error.code === "UNAUTHENTICATED"
      ? { status: 401, headers: new HeaderMap([["www-authenticate", INVALID_TOKEN_CHALLENGE]]) }
      : error.code === "RATE_LIMITED"
        ? { status: 429 }
        : error.code === "UPSTREAM_UNAVAILABLE"
          ? { status: 503 } // e.g. the bearer lookup while the database is down
          : { status: 400 };
  throw new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http } });
}

/** The DomainError behind a resolver error or a failed context function, if any. */
function domainErrorOf(error: unknown): DomainError | undefined {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original;
  if (original instanceof GraphQLError && original.originalError instanceof DomainError) return original.originalError;
  return undefined;
}

function validationErrorsOf(value: unknown): ValidationError[] | undefined {
  const extensions = (value as { extensions?: { validationErrors?: unknown } } | undefined)?.extensions;
  return Array.isArray(extensions?.validationErrors) ? (extensions.validationErrors as ValidationError[]) : undefined;
}

interface FieldProblem {
  field: string;
  messages: string[];
}

function flattenValidation(error: ValidationError, prefix = ""): FieldProblem[] {
  const field = prefix ? `${prefix}.${error.property}` : error.property;
  const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
  return [...own, ...(error.children ?? []).flatMap((child) => flattenValidation(child, field))];
}
