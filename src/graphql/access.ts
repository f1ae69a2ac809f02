// What each GraphQL operation needs from an API token, declared next to it with type-graphql's
// @Authorized and checked by one authChecker. Sessions and anonymous callers pass through: the
// contexts decide what they may do. Root operations that declare nothing refuse API tokens.
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { Authorized, getMetadataStorage, type AuthCheckerFn } from "type-graphql";
import type { ApiScope } from "../accounts/api-scopes.js";
import { ANY_API_TOKEN, SIGNED_IN_SESSION, assertApiTokenMayRun, type OperationAccess } from "../accounts/api-tokens.service.js";
import type { GraphQLContext } from "./context.js";

/** An API token needs this scope to run the operation or read the field. */
export const RequiresScope = (scope: ApiScope): MethodDecorator & PropertyDecorator => Authorized<OperationAccess>(scope);
/** Any API token may run it (it only tells the caller about themself). */
export const AnyApiToken = (): MethodDecorator & PropertyDecorator => Authorized<OperationAccess>(ANY_API_TOKEN);
/** Only with a signed-in session, never an API token. */
export const SessionOnly = (): MethodDecorator & PropertyDecorator => Authorized<OperationAccess>(SIGNED_IN_SESSION);

export const apiScopeChecker: AuthCheckerFn<GraphQLContext, OperationAccess> = ({ context, info }, needed) => {
  if (context.apiToken) assertApiTokenMayRun(context.apiToken, context.user!, operationName(info), needed);
  return true;
};

/** Fail closed: a root operation without a declaration refuses API tokens (sessions are unaffected). */
export function closeUndeclaredOperationsToApiTokens(schema: GraphQLSchema): void {
  for (const name of undeclaredOperations(schema)) {
    const [typeName, fieldName] = name.split(".") as [string, string];
    const field = (typeName === "Query" ? schema.getQueryType() : schema.getMutationType())!.getFields()[fieldName]!;
    const resolve: GraphQLFieldResolver<unknown, GraphQLContext> = field.resolve ?? defaultFieldResolver;
    field.resolve = (root, args, context: GraphQLContext, info) => {
      if (context.apiToken) assertApiTokenMayRun(context.apiToken, context.user!, operationName(info), undefined);
      return resolve(root, args, context, info);
    };
  }
}

/** Root operations ("Query.x", "Mutation.y") that declare nothing an API token needs. */
export function undeclaredOperations(schema: GraphQLSchema): string[] {
  const storage = getMetadataStorage();
  const declared = (target: Function, methodName: string) =>
    storage.authorizedFields.some((field) => field.target === target && field.fieldName === methodName) ||
    storage.authorizedResolver.some((resolver) => resolver.target === target);
  const declaredNames = new Set(
    [...storage.queries.map((op) => ["Query", op] as const), ...storage.mutations.map((op) => ["Mutation", op] as const)]
      .filter(([, op]) => declared(op.target, op.methodName))
      .map(([type, op]) => `${type}.${op.schemaName}`),
  );
  return [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
    Object.keys(type?.getFields() ?? {})
      .map((fieldName) => `${type!.name}.${fieldName}`)
      .filter((name) => !declaredNames.has(name)),
  );
}

function operationName(info: GraphQLResolveInfo): string {
  const root = info.parentType === info.schema.getQueryType() || info.parentType === info.schema.getMutationType();
  return root ? info.fieldName : `${info.parentType.name}.${info.fieldName}`;
}
