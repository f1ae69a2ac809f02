// Migrations in order. `npm run migration:generate -- migrations/Name` writes a new file: add its class here.
import { Init1795424536347 } from "./1795424536347-Init.js";
import { JanusVideoroom1796100000000 } from "./1796100000000-JanusVideoroom.js";
import { RateLimits1796200000000 } from "./1796200000000-RateLimits.js";
import { SessionExpiryIndex1796200000001 } from "./1796200000001-SessionExpiryIndex.js";
import { RoomClientsLastTokenAtIndex1796400000000 } from "./1796400000000-RoomClientsLastTokenAtIndex.js";
import { ApiTokens1796500000000 } from "./1796500000000-ApiTokens.js";
import { ListingIndexes1796500000001 } from "./1796500000001-ListingIndexes.js";
import { AuditLog1796500000002 } from "./1796500000002-AuditLog.js";
import { MediaTaskFailures1796600000000 } from "./1796600000000-MediaTaskFailures.js";

export const migrations: Function[] = [
  Init1795424536347,
  JanusVideoroom1796100000000,
  RateLimits1796200000000,
  SessionExpiryIndex1796200000001,
  RoomClientsLastTokenAtIndex1796400000000,
  ApiTokens1796500000000,
  ListingIndexes1796500000001,
  AuditLog1796500000002,
  MediaTaskFailures1796600000000,
];
