import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: env("SCHEMA_PATH"),
});
