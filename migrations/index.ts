// Migrations in order. `npm run migration:generate -- migrations/Name` writes a new file: add its class here.
import { Init1795424536347 } from "./1795424536347-Init.js";
import { RoomClientsLastTokenAtIndex1796400000000 } from "./1796400000000-RoomClientsLastTokenAtIndex.js";

export const migrations: Function[] = [Init1795424536347, RoomClientsLastTokenAtIndex1796400000000];
