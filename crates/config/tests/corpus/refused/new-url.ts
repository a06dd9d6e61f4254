import { defineConfig } from "prisma/config";

export default defineConfig({
  datasource: { url: new URL(process.env.DATABASE_URL!).toString() },
});
