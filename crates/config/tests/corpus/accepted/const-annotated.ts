import type { PrismaConfig } from 'prisma'

const config: PrismaConfig = {
  // Seed command, moved from package.json
  migrations: {
    seed: `tsx db/seed.ts`,
  },
}

export default config
