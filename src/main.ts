// `npm start`: validates the environment, starts the server, stops gracefully on SIGTERM/SIGINT.
import { startApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`roomkey: ${error.message}`);
  process.exit(78); // EX_CONFIG
}

const logger = createLogger(config.logLevel);
try {
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
} catch (error) {
  logger.fatal({ err: error }, `roomkey could not start: ${(error as Error).message}`);
  process.exit(1);
}
