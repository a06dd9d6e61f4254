import { defineConfig } from "prisma/config";

const host = process.env.DB_HOST ?? "localhost";

export default defineConfig({
  schema: "./prisma/schema",
  datasource: {
    url:
      process.env.NOT_SET_ANYWHERE ||
      `postgresql://${process.env.DB_USER ?? "app"}:${process.env.DB_PASSWORD}@${host}:5432/app`,
    shadowDatabaseUrl: process.env.ALSO_NOT_SET ?? process.env["DATABASE_URL"] + "_shadow",
  },
});
