import { defineConfig } from "prisma/config";
import { databaseUrl } from "./src/env";

export default defineConfig({
  datasource: { url: databaseUrl },
});
