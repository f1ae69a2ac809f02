import { dropLeftoverTestDatabases } from "./postgres.js";

export default async function globalTeardown(): Promise<void> {
  await dropLeftoverTestDatabases();
}
