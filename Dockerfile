# syntax=docker/dockerfile:1
# Kindred's container image: a cgo build (SQLite) in the Go image, run as a
# non-root user in a small Debian image with the database on a volume.
#
#   docker build -t kindred .
#   docker run -e KINDRED_DISCORD_TOKEN=... -v kindred-data:/var/lib/kindred kindred

ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=""
RUN CGO_ENABLED=1 go build -trimpath \
      -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/kindred .

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/kindred --create-home kindred
COPY --from=build /out/kindred /usr/local/bin/kindred
USER kindred
WORKDIR /var/lib/kindred
VOLUME ["/var/lib/kindred"]
ENV KINDRED_DATABASE_PATH=/var/lib/kindred/kindred.db \
    KINDRED_WEB_LISTEN=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/kindred", "health"]
ENTRYPOINT ["/usr/local/bin/kindred"]
CMD ["run"]
