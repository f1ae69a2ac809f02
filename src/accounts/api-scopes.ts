/** What an API token may do; each GraphQL operation declares the one it needs (src/graphql/access.ts). */
export const API_SCOPES = ["ROOMS_READ", "ROOMS_WRITE", "MODERATE", "JOIN_TOKENS", "ADMIN"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const isApiScope = (value: unknown): value is ApiScope => API_SCOPES.includes(value as ApiScope);
