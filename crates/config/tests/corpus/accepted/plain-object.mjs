export default {
  schema: 'prisma/schema',
}
