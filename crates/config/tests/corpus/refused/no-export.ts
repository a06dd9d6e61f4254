import { defineConfig } from "prisma/config";

const config = defineConfig({ schema: "prisma/schema.prisma" });
