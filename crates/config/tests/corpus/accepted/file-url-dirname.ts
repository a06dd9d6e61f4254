import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

const __dirname = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  schema: path.join(__dirname, "schema"),
  migrations: { path: `${import.meta.dirname}/migrations`, seed: "cargo run --bin seed" },
});
