import { defineConfig } from "prisma/config";

function databaseUrl() {
  return process.env.DATABASE_URL;
}

export default defineConfig({
  datasource: { url: databaseUrl() },
});
