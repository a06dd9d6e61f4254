const { defineConfig } = await import("prisma/config");

export default defineConfig({ schema: "prisma/schema.prisma" });
