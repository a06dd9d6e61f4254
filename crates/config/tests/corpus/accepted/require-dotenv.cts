// CommonJS: `require` and `module.exports`.
require('dotenv').config()
const { defineConfig, env } = require('prisma/config')
const path = require('node:path')

module.exports = defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  datasource: { url: env('DOTENV_ONLY_URL') },
  migrations: { seed: 'node prisma/seed.js' },
})
