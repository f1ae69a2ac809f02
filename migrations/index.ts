// Migrations in order. `npm run migration:generate -- migrations/Name` writes a new file: add its class here.
import { Init1795424536347 } from "./1795424536347-Init.js";
import { JanusVideoroom1796100000000 } from "./1796100000000-JanusVideoroom.js";

export const migrations: Function[] = [Init1795424536347, JanusVideoroom1796100000000];
