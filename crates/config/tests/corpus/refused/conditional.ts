import { defineConfig } from "prisma/config";

export default defineConfig({
  datasource: {
    url: process.env.CI ? "postgresql://ci@localhost/test" : process.env.DATABASE_URL,
  },
});
