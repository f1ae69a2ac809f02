// Maps errors to the contract's `extensions.code`. Domain errors keep their message; anything
// unexpected is logged and masked so no stack trace or SQL leaks to clients.
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { ValidationError } from "class-validator";
import { DomainError, type ErrorCode } from "../errors.js";

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
    const unwrapped = unwrapResolverError(error);
    // A context failure arrives wrapped by contextFailure (below); its DomainError is inside.
    const original = unwrapped instanceof GraphQLError && unwrapped.originalError instanceof DomainError ? unwrapped.originalError : unwrapped;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (original instanceof DomainError) {
      const extensions = original.field ? { code: original.code, field: original.field } : { code: original.code };
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

/** HTTP status for a request refused before any resolver ran (Apollo answers 500 otherwise). */
const CONTEXT_FAILURE_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 503, // e.g. the session lookup while the database is down
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * Builds the per-request context; a DomainError on the way (the database is down while the
 * bearer token is looked up) answers with its contract code and a fitting status, not a masked 500.
 */
export async function buildContextOrFail<T>(build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const status = CONTEXT_FAILURE_STATUS[error.code] ?? 400;
    throw new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status } } });
  }
}
