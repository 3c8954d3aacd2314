# The PhotoSettings emulator as a container: `docker run -p 5080:8080 IMAGE`.
# Build stage: native AOT (clang and zlib for the linker), restore in its own layer, cached until a
# project file changes.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/PhotoSettings.Emulator/PhotoSettings.Emulator.csproj src/PhotoSettings.Emulator/
COPY src/PhotoSettings.Emulator/packages.aot.lock.json src/PhotoSettings.Emulator/
# Locked: the image gets exactly the packages recorded in packages.aot.lock.json (see the README's
# "Reproducible restores" to update it on purpose).
RUN dotnet restore src/PhotoSettings.Emulator/PhotoSettings.Emulator.csproj -r linux-x64 -p:PublishAot=true --locked-mode
COPY .editorconfig ./
COPY src/PhotoSettings.Emulator/ src/PhotoSettings.Emulator/
# Warnings are errors (Directory.Build.props), so this also proves the AOT publish is warning-free.
RUN dotnet publish src/PhotoSettings.Emulator/PhotoSettings.Emulator.csproj --configuration Release \
      -r linux-x64 -p:PublishAot=true -p:PackAsTool=false --no-restore --output /app \
 && rm -f /app/*.dbg

# No .NET runtime needed: the emulator is one native executable.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
WORKDIR /app
COPY --from=build /app ./
# The emulator keeps its files (the HTTPS certificate, the database) in /data, a volume the app user owns.
RUN mkdir -p /data && chown app:app /data
VOLUME /data
# http on 8080 on every interface (the emulator's own default, localhost:5080, is for `dotnet run`);
# https, when enabled with -e Emulator__Https__Enabled=true, on 8081.
# DOTNET_RUNNING_IN_CONTAINER (set by Microsoft's base images too; said again for other bases) makes the emulator listen
# on every interface and answer the Hosts container callers send: localhost:<published port> from the host machine,
# IP addresses, and names without a dot (a compose service, a CI service container, a network alias). Other names:
# Emulator__AllowedHosts__0=name. See docs/security.md.
# The proxy for Microsoft's hosts, when enabled with -e Emulator__Proxy__Port=8082, listens on every interface inside the
# container too (its callers arrive from the host's bridge): publish it on loopback, -p 127.0.0.1:8082:8082.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    Emulator__Https__Port=8081 \
    Emulator__DataDir=/data
EXPOSE 8080 8081 8082
USER app
ENTRYPOINT ["./PhotoSettings.Emulator"]
