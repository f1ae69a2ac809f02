// `npm run schema:print`: writes schema.graphql from the code. A test fails when they differ.
import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { printApiSchema } from "./schema-sdl.js";

const sdl = await printApiSchema();
await writeFile(new URL("../../../schema.graphql", import.meta.url), sdl);
console.log("schema.graphql written");
