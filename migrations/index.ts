// Migrations in order. `npm run migration:generate -- migrations/Name` writes a new file: add its class here.
import { Init1795424536347 } from "./1795424536347-Init.js";
import { RateLimits1796200000000 } from "./1796200000000-RateLimits.js";
import { SessionExpiryIndex1796200000001 } from "./1796200000001-SessionExpiryIndex.js";

export const migrations: Function[] = [
  Init1795424536347,
  RateLimits1796200000000,
  SessionExpiryIndex1796200000001,
];
