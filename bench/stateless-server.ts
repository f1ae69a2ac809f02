// S, the ceiling joinToken is measured against: the same stack as roomkey (express 5, cors, JSON body
// parser, Apollo Server 5 with the same armor rules, type-graphql, the same JoinToken type) answering
// `joinToken` by signing the same claims with the same key, and nothing else: no session, no room,
// no database. Its HTTP server and Apollo settings follow roomkey's, so J/S prices what roomkey adds
// to the signature. Started by the bench only; it is not part of the product.
//
//   node dist/bench/stateless-server.js --key KEY.pem [--port 0]
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import { Arg, buildSchema, Query, Resolver } from "type-graphql";
import { DateTimeResolver } from "graphql-scalars";
import { apiArmor } from "../src/graphql/armor.js";
import { createExpressServer } from "../src/http/express-server.js";
import { JoinTokenType, toJoinTokenType } from "../src/graphql/types/join-token.type.js";
import { loadSigningKey } from "../src/tokens/keys.js";
import { PermsTokenSigner } from "../src/tokens/perms-token.js";

const { values } = parseArgs({ options: { key: { type: "string" }, port: { type: "string", default: "0" } } });
if (!values.key) throw new Error("--key KEY.pem is required");
const signer = new PermsTokenSigner(await loadSigningKey(values.key), { audience: "webrtc_auth", issuer: "roomkey", ttlSeconds: 300 });
/** Every caller is this signed-in publisher: the claims J hands a signed-in publisher, minus the lookup. */
const SUBJECT = "5b0c3f2e-8a41-4f6d-9c27-1e0d4b7a6f13";

@Resolver()
class StatelessJoinTokenResolver {
  @Query(() => JoinTokenType)
  async joinToken(@Arg("roomSlug") roomSlug: string, @Arg("clientId", () => String, { nullable: true }) _clientId: string | null): Promise<JoinTokenType> {
    return toJoinTokenType(await signer.sign({ subject: SUBJECT, roomSlug, canModerate: false }), "PUBLISHER");
  }
}

const app = express();
app.disable("x-powered-by");
const httpServer = createExpressServer(app); // built as roomkey builds its server
const armor = apiArmor().protect();
const apollo = new ApolloServer({
  schema: await buildSchema({ resolvers: [StatelessJoinTokenResolver], scalarsMap: [{ type: Date, scalar: DateTimeResolver }], validate: { forbidUnknownValues: false } }),
  validationRules: armor.validationRules,
  allowBatchedHttpRequests: false,
  includeStacktraceInErrorResponses: false,
  plugins: [...(armor.plugins as ApolloServerPlugin[]), ApolloServerPluginCacheControlDisabled()], // as roomkey does
});
await apollo.start();
app.use("/graphql", cors({ origin: "*", maxAge: 600 }), express.json({ limit: "100kb" }), expressMiddleware(apollo, { context: async () => ({}) }));
await new Promise<void>((resolve) => httpServer.listen(Number(values.port), "127.0.0.1", resolve));
const { port } = httpServer.address() as AddressInfo;
console.log(JSON.stringify({ msg: "stateless signing server is listening", url: `http://127.0.0.1:${port}/graphql` }));
process.on("SIGTERM", () => {
  void apollo.stop().then(() => httpServer.close(() => process.exit(0)));
  setTimeout(() => process.exit(0), 3000).unref();
});
