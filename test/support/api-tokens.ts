// Scenario step: a signed-in user creates an API token through the public API.
import { gqlOk } from "./graphql-client.js";

export const CREATE_API_TOKEN = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { secret apiToken { id name scopes createdAt expiresAt lastUsedAt } }
}`;

export async function createApiToken(
  baseUrl: string,
  sessionToken: string,
  scopes: string[],
  extra: { name?: string; expiresAt?: string } = {},
): Promise<{ secret: string; id: string }> {
  const data = await gqlOk(baseUrl, CREATE_API_TOKEN, { input: { name: extra.name ?? `token ${scopes.join("+")}`, scopes, ...extra } }, sessionToken);
  return { secret: data.createApiToken.secret, id: data.createApiToken.apiToken.id };
}
