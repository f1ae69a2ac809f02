// Wires config, database, keys and the GraphQL schema into a listening HTTP server.
import "reflect-metadata";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import type { DataSource } from "typeorm";
import { apiTokenBearer } from "./accounts/api-tokens.service.js";
import { readBearer, resolveBearer, sessionBearer } from "./accounts/authenticate.js";
import { AuthThrottle } from "./accounts/auth-throttle.js";
import { startSessionSweeper } from "./accounts/session-sweeper.js";
import type { AppServices } from "./app-services.js";
import type { Config } from "./config.js";
import { createDataSource } from "./db/data-source.js";
import { Database } from "./db/database.js";
import { deferredCallerContext, knownCallerContext, type GraphQLContext } from "./graphql/context.js";
import { deferredSessionPlugin } from "./graphql/deferred-session.js";
import { asContextFailure, createErrorFormatter } from "./graphql/errors.js";
import { apiArmor } from "./graphql/armor.js";
import { buildApiSchema } from "./graphql/schema.js";
import { adminPageRouter } from "./http/admin-page.js";
import { graphiqlRouter } from "./http/graphiql.js";
import { Draining } from "./http/draining.js";
import { createExpressServer } from "./http/express-server.js";
import { httpErrorHandler, notFoundHandler } from "./http/errors.js";
import { healthRouter } from "./http/health.js";
import { openLimiterStore } from "./limits/limiter-store.js";
import { UsageBudgets } from "./limits/usage-budgets.js";
import { createLogger, type Logger } from "./logger.js";
import { JanusLiveSessions } from "./media/janus/janus-live-sessions.js";
import { JanusMedia } from "./media/janus/janus-media.js";
import { MediaTaskRunner } from "./rooms/media-tasks.js";
import { noLiveSessionKicker } from "./rooms/moderation.service.js";
import { startClientSweeper } from "./rooms/room-clients.js";
import { buildJwks } from "./tokens/jwks.js";
import { loadPublicKey, resolveSigningKey } from "./tokens/keys.js";
import { PermsTokenSigner } from "./tokens/perms-token.js";

export const GRAPHQL_PATH = "/graphql";
const BODY_LIMIT = "100kb";

export interface RunningApp {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  services: AppServices;
  /**
   * Stops taking requests, finishes in-flight ones, closes the database. With delayMs (SIGTERM:
   * SHUTDOWN_DELAY_MS) it first keeps serving that long while readiness fails (src/http/draining.ts).
   */
  stop(options?: { delayMs?: number }): Promise<void>;
}

export async function startApp(config: Config, options: { logger?: Logger } = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // Keys first: a production start without a usable key fails before touching the database.
  const { signingKey, jwks } = await loadKeys(config, logger);
  if (config.jitsi) logger.info({ domain: config.jitsi.domain }, "Jitsi support is on");
  else logger.info("Jitsi support is off (set JITSI_APP_ID, JITSI_APP_SECRET and JITSI_DOMAIN to turn it on)");
  if (config.janus) logger.info({ janusUrl: config.janus.url, adminUrl: config.janus.adminUrl }, "Janus support is on (stored tokens, VideoRoom, kicks)");
  else logger.info("Janus support is off (set JANUS_URL, JANUS_ADMIN_URL and JANUS_ADMIN_SECRET to turn it on)");
  const dataSource = await openDatabase(config, logger);
  const limiterStore = await openLimiterStore(config, logger).catch(async (error) => {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  });
  logger.info(`rate-limit counters kept in ${limiterStore.kind}`);
  try {
    const db = new Database(dataSource);
    const permsTokens = new PermsTokenSigner(signingKey, config.permsToken);
    const janus = config.janus ? new JanusMedia(config.janus) : undefined;
    const janusSessions = janus ? new JanusLiveSessions(db, janus, permsTokens, logger) : undefined;
    const liveSessions = janusSessions ?? noLiveSessionKicker;
    const mediaTasks = new MediaTaskRunner(db, liveSessions, config.mediaTasks, logger);
    const services: AppServices = {
      config,
      db,
      logger,
      permsTokens,
      authThrottle: new AuthThrottle(limiterStore, config.authThrottle),
      budgets: new UsageBudgets(limiterStore, config.limits),
      liveSessions,
      mediaTasks,
      janus,
    };

    const app = express();
    app.disable("x-powered-by");
    const draining = new Draining();
    app.use(draining.middleware);
    if (config.trustProxy !== undefined) app.set("trust proxy", config.trustProxy);
    const httpServer = createExpressServer(app);
    const armor = apiArmor().protect();
    const apollo = new ApolloServer<GraphQLContext>({
      schema: await buildApiSchema(),
      validationRules: armor.validationRules,
      allowBatchedHttpRequests: false,
      logger, // Apollo's own messages go through the same redacting logger
      formatError: createErrorFormatter(logger, { exposeStackTraces: config.nodeEnv === "development" }),
      includeStacktraceInErrorResponses: false,
      introspection: true,
      stopOnTerminationSignals: false, // main.ts owns shutdown: drain HTTP, then close the database
      plugins: [
        ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]), // typed against the CJS build of @apollo/server
        ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
        ApolloServerPluginLandingPageDisabled(),
        deferredSessionPlugin,
        // Its per-field hook makes Apollo wrap every resolver; nothing here sets cache hints, and
        // the one header it produced (no-store) is set below for every /graphql response.
        ApolloServerPluginCacheControlDisabled(),
      ],
    });
    await apollo.start();

    const apiCors = cors({ origin: config.corsOrigins === "*" ? "*" : config.corsOrigins, maxAge: 600 });
    const graphqlHandlers = [
      apiCors,
      express.json({ limit: BODY_LIMIT }),
      (_req: express.Request, res: express.Response, next: express.NextFunction) => {
        res.set("Cache-Control", "no-store");
        next();
      },
      expressMiddleware(apollo, { context: async ({ req }) => buildContext(services, req.headers.authorization, req.ip) }),
    ];
    // The hot path first: a POST to the endpoint skips matching against the GET-only routers below.
    // GET queries reach the same handlers there, after GraphiQL has had its chance to answer a
    // browser's GET.
    app.post(GRAPHQL_PATH, ...graphqlHandlers);
    // CORS preflights too: behind GraphiQL's GET route, express itself would answer OPTIONS
    // ("Allow: GET, HEAD", no CORS headers) and browsers on other origins could not send a token.
    app.options(GRAPHQL_PATH, apiCors);
    app.use(healthRouter(db, { logger, isDraining: () => draining.isDraining }));
    app.get("/.well-known/jwks.json", (_req, res) => {
      res.set("Cache-Control", "public, max-age=300").json(jwks);
    });
    app.use(graphiqlRouter({ endpoint: GRAPHQL_PATH }));
    app.use(adminPageRouter({ endpoint: GRAPHQL_PATH }));
    app.use(GRAPHQL_PATH, ...graphqlHandlers);
    app.use(notFoundHandler);
    app.use(httpErrorHandler(logger));

    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(config.port, config.host, resolve);
    });
    const { port } = httpServer.address() as AddressInfo;
    const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    logger.info({ url: `${url}${GRAPHQL_PATH}` }, "roomkey is listening");
    const stopClientSweeper = startClientSweeper(db, {
      tokenTtlSeconds: config.permsToken.ttlSeconds,
      onError: (error) => logger.warn({ err: error }, "sweeping stale room_clients failed"),
    });
    mediaTasks.start(); // also picks up work left by a previous run or another instance
    if (config.janus) janusSessions?.startSweeper(config.janus.sweepIntervalSeconds);
    const sessionSweeper = startSessionSweeper(db, config.sessionSweepIntervalSeconds, logger);

    let stopping: Promise<void> | undefined;
    const stop = (options: { delayMs?: number } = {}) =>
      (stopping ??= (async () => {
        draining.begin();
        const delayMs = options.delayMs ?? 0;
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        await janusSessions?.stopSweeper();
        await apollo.stop(); // the drain plugin closes the HTTP server and waits for in-flight requests
        await mediaTasks.stop();
        logger.debug("HTTP server drained");
        stopClientSweeper();
        await sessionSweeper.stop();
        await limiterStore.close();
        await dataSource.destroy();
        logger.info("roomkey stopped");
      })());
    return { url, services, stop };
  } catch (error) {
    await limiterStore.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

/**
 * What a start does once before serving, without serving: checks the signing key (creating the
 * development key if needed) and applies pending migrations. The cluster primary runs it before
 * forking, so workers neither race to migrate nor to write a development key.
 */
export async function prepareStart(config: Config, logger: Logger): Promise<void> {
  await loadKeys(config, logger);
  const dataSource = await openDatabase(config, logger);
  await dataSource.destroy();
}

async function loadKeys(config: Config, logger: Logger) {
  const signingKey = await resolveSigningKey(config.permsToken, {
    nodeEnv: config.nodeEnv,
    dataDir: config.dataDir,
    log: (message) => logger.info(message),
  });
  const extraKeys = await Promise.all(config.permsToken.extraPublicKeys.map((source) => loadPublicKey(source)));
  return { signingKey, jwks: buildJwks([signingKey, ...extraKeys]) };
}

async function openDatabase(config: Config, logger: Logger): Promise<DataSource> {
  if (!config.databaseUrl && !config.pgliteDataDir.startsWith("memory://")) {
    await mkdir(config.pgliteDataDir, { recursive: true }); // PGlite creates only the last folder
  }
  const dataSource = createDataSource({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
  await dataSource.initialize();
  try {
    if (config.migrateOnStart) {
      const applied = await dataSource.runMigrations();
      if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, "migrations applied");
    }
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  logger.info(config.databaseUrl ? "using PostgreSQL" : `using embedded PGlite in ${config.pgliteDataDir}`);
  return dataSource;
}

async function buildContext(services: AppServices, authorization: string | undefined, ip: string | undefined): Promise<GraphQLContext> {
  const clientIp = ip ?? "unknown";
  try {
    const bearer = readBearer(authorization, BEARER_KINDS);
    // A session's lookup waits for the operation: joinToken makes it together with the entry facts.
    if (bearer?.kind === sessionBearer) return deferredCallerContext(services, bearer.secret, clientIp);
    return knownCallerContext(services, bearer && (await resolveBearer(services.db, bearer)), clientIp);
  } catch (error) {
    return asContextFailure(error);
  }
}

/** The bearer secrets roomkey accepts: API tokens (recognised by their prefix) and sessions. */
const BEARER_KINDS = [apiTokenBearer, sessionBearer] as const;
