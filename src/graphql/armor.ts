import { ApolloArmor } from "@escape.tech/graphql-armor";

/**
 * Limits on query shape (depth, aliases, tokens, cost), so one request cannot make the server
 * walk rooms → members → users without bound. Field suggestions stay on: people explore the API.
 */
export function apiArmor(): ApolloArmor {
  return new ApolloArmor({
    maxDepth: { n: 8 },
    maxAliases: { n: 15 },
    // Off: its parser turns syntax errors into HTTP 500; the 100 kB body limit bounds documents instead.
    maxTokens: { enabled: false },
    costLimit: { maxCost: 5000 },
    blockFieldSuggestion: { enabled: false },
  });
}
