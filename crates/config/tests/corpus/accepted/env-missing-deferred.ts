// `env()` of a variable that is not set fails only when a command needs the URL.
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: {
    url: env("NOT_SET_ANYWHERE"),
  },
});
