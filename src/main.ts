// `npm start`: validates the environment, starts the server, stops gracefully on SIGTERM/SIGINT.
// With WEB_CONCURRENCY > 1 this process becomes a cluster primary and each worker runs the server.
import cluster from "node:cluster";
import { startApp } from "./app.js";
import { runClusterPrimary } from "./cluster.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`roomkey: ${error.message}`);
  process.exit(78); // EX_CONFIG
}

const logger = createLogger(config.logLevel);
try {
  if (config.webConcurrency > 1 && cluster.isPrimary) await runClusterPrimary(config, logger);
  else await serve(config, logger);
} catch (error) {
  logger.fatal({ err: error }, `roomkey could not start: ${(error as Error).message}`);
  process.exit(1);
}

/** One server process: the whole app when WEB_CONCURRENCY=1, or one cluster worker. */
async function serve(config: Config, logger: Logger): Promise<void> {
  const app = await startApp(config, { logger });
  let shuttingDown = false;
  const shutDown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, "shutting down");
    const forceExit = setTimeout(() => process.exit(1), config.shutdownDelayMs + config.shutdownGraceMs + 5_000).unref();
    app.stop({ delayMs: config.shutdownDelayMs }).then(
      () => {
        clearTimeout(forceExit);
        logger.flush(() => process.exit(0));
      },
      (error) => {
        logger.error({ err: error }, "error during shutdown");
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: libraries using signal-exit re-raise the signal when they see no other listener.
  process.on("SIGTERM", shutDown);
  process.on("SIGINT", shutDown);
}
