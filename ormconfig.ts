// TypeORM CLI entry (`npm run migration:run|revert|generate`): the same DataSource the server uses.
import { loadConfig } from "./src/config.js";
import { createDataSource } from "./src/db/data-source.js";

const config = loadConfig();
// No statement timeout here: a migration may build an index on a large table.
export default createDataSource({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir, statementTimeoutMs: 0 });
