// WEB_CONCURRENCY > 1: a node:cluster primary that prepares the start once (key check, migrations),
// forks the workers that serve (they share the port), restarts a worker that dies, and on SIGTERM or
// SIGINT stops them all gracefully and exits 0 when they did.
import cluster, { type Worker } from "node:cluster";
import { prepareStart } from "./app.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";

/** A worker dying more often than this within the window means something is wrong: give up. */
const MAX_RESTARTS = 10;
const RESTART_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 500;

export async function runClusterPrimary(config: Config, logger: Logger): Promise<void> {
  await prepareStart(config, logger);
  // The primary migrated: workers must not (MIGRATE_ON_START is read by each worker's own config).
  const workerEnv = { MIGRATE_ON_START: "false" };
  const restarts: number[] = [];
  let stopping = false;

  const fork = (): Worker => cluster.fork(workerEnv);
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      logger.fatal({ pid: worker.process.pid, code, signal }, `workers keep dying (${restarts.length} in ${RESTART_WINDOW_MS / 1000} s); stopping`);
      void stopAll("worker crash loop").then(() => process.exit(1));
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, "worker died; starting a new one");
    // Not unref'd: when every worker has died at once, this timer is what keeps the primary alive to re-fork.
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS);
  });

  const stopAll = async (reason: string): Promise<boolean> => {
    stopping = true;
    logger.info({ reason, workers: Object.keys(cluster.workers ?? {}).length }, "stopping workers");
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const exits = workers.map(
      (worker) =>
        new Promise<boolean>((resolve) => {
          if (worker.isDead()) return resolve(worker.process.exitCode === 0);
          worker.once("exit", (code) => resolve(code === 0));
          worker.process.kill("SIGTERM"); // each worker drains its requests and closes its pool
        }),
    );
    return (await Promise.all(exits)).every(Boolean);
  };

  const shutDown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    const forceExit = setTimeout(() => {
      logger.error("workers did not stop in time");
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(1);
    }, config.shutdownDelayMs + config.shutdownGraceMs + 5_000).unref();
    void stopAll(signal).then((clean) => {
      clearTimeout(forceExit);
      logger.info({ clean }, "roomkey stopped");
      logger.flush(() => process.exit(clean ? 0 : 1));
    });
  };
  process.on("SIGTERM", shutDown);
  process.on("SIGINT", shutDown);

  logger.info({ workers: config.webConcurrency }, "starting workers");
  for (let i = 0; i < config.webConcurrency; i++) fork();
}
