# charfinder container image: build on Debian bookworm, run on bookworm-slim with only the
# runtime libraries. The Unicode and CLDR data (unicode-data, unicode-cldr-core) are needed
# only to build: the build compiles them into a table inside the binary. The daemon is PID 1 and handles SIGTERM itself (graceful shutdown).
#   podman build --format docker -t charfinder .     (docker format keeps the HEALTHCHECK)
#   podman run -d --name charfinder -p 2323:2323 -p 8888:8888 charfinder
# See docs/deployment.md.

FROM debian:bookworm-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config \
      libicu-dev libasio-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev \
      libsystemd-dev libjemalloc-dev \
      unicode-data unicode-cldr-core libpugixml-dev bzip2 zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
      -DCHARFINDER_BUILD_TESTS=OFF -DCHARFINDER_BUILD_BENCH=OFF \
 && cmake --build /build --target charfinder \
 && DESTDIR=/out cmake --install /build --strip \
 && /out/usr/bin/charfinder --version

FROM debian:bookworm-slim
# The shared libraries the binary links, nothing else (no compiler, no -dev packages).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libicu72 libyaml-cpp0.7 libspdlog1.10 libfmt9 libsystemd0 libjemalloc2 zlib1g \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log \
 && useradd --uid 10001 --user-group --no-create-home --no-log-init --home-dir /nonexistent \
      --shell /usr/sbin/nologin charfinder
COPY --from=build /out/usr/bin/charfinder /usr/bin/charfinder
# Listens on 0.0.0.0 and [::], ports 2323 (telnet) and 8888 (HTTP).
COPY --from=build /out/etc/charfinder/charfinder.yaml /etc/charfinder/charfinder.yaml
# A numeric user, so orchestrators can check runAsNonRoot.
USER 10001:10001
EXPOSE 2323 8888
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
  CMD ["charfinder", "healthcheck", "127.0.0.1:8888"]
ENTRYPOINT ["/usr/bin/charfinder"]
CMD ["serve", "--config", "/etc/charfinder/charfinder.yaml"]
