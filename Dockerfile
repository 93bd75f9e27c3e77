# The stepgraph API and viewer, for the `api` service of docker-compose.yml. A build stage
# compiles the TypeScript (`npm run build` → dist/); the image runs the compiled server with
# production dependencies only (the CLI runs the compiled dist/cli/main.js too). bin/ is copied
# before `npm ci` because npm's `prepare` script (bin/build.js) runs there; without the sources
# or TypeScript it does nothing.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY bin ./bin
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY bin ./bin
# better-sqlite3 ships prebuilt binaries for this platform; no compiler needed.
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--enable-source-maps", "dist/api/server.js"]
