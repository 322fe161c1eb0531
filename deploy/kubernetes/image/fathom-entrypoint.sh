#!/bin/sh
# The image's `fathom` command: what ./fathom's run_cli does, without the build.
# The collector runs with its own small-heap JVM settings (docs/collectors.md); other commands
# take FATHOM_JAVA_OPTS (default -Xmx1g).
set -eu
if [ "${1:-}" = collect ]; then
  jvm="@/opt/fathom/collector.jvm-options"
else
  jvm="${FATHOM_JAVA_OPTS:--Xmx1g}"
fi
# shellcheck disable=SC2086
exec java $jvm -Dfathom.log.dir="${FATHOM_VAR:-/var/lib/fathom}/log" \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  -cp "/opt/fathom/lib/*" dev.fathom.cli.Fathom "$@"
