import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import * as apiTokens from "../../accounts/api-tokens.service.js";
import { SessionOnly } from "../access.js";
import { IdArg } from "../args.js";
import { requireUser, type GraphQLContext } from "../context.js";
import { CreateApiTokenInput } from "../inputs.js";
import { ApiTokenType, CreatedApiTokenType } from "../types/api-token.type.js";

@Resolver()
export class ApiTokenResolver {
  @SessionOnly()
  @Query(() => [ApiTokenType], { description: "The caller's own tokens, never the secrets" })
  apiTokens(@Ctx() context: GraphQLContext) {
    return apiTokens.listApiTokens(context.services.db, requireUser(context).id);
  }

  @SessionOnly()
  @Mutation(() => CreatedApiTokenType, { description: "A signed-in session only; the secret is shown this once" })
  createApiToken(@Arg("input", () => CreateApiTokenInput) input: CreateApiTokenInput, @Ctx() context: GraphQLContext) {
    return apiTokens.createApiToken(context.services.db, requireUser(context), input);
  }

  @SessionOnly()
  @Mutation(() => Boolean, { description: "A signed-in session only; admins may revoke anyone's token. False when there is no such token" })
  revokeApiToken(@IdArg("id") id: string, @Ctx() context: GraphQLContext) {
    return apiTokens.revokeApiToken(context.services.db, requireUser(context), id);
  }
}
