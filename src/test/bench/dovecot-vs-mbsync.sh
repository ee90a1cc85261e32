#!/usr/bin/env bash
# Ingest against the interop Dovecot + Postfix, beside mbsync (FSync yes) on the same mailbox in
# the same run (issue 14). N generated ~4 KB mails wait in support's INBOX; mbsync downloads them
# durably; then the shipped jar, cold, with -Xmx256m and a fresh H2 file, runs until all N are
# committed tickets with their acknowledgements queued (postdesk_mails_processed_total = N).
#
#   src/test/bench/dovecot-vs-mbsync.sh [JAR] [N]      (JAR: target/postdesk.jar, N: 2000)
#
# JAVA_OPTS adds JVM options (a JFR recording, say); DB_OPTIONS is appended to the H2 URL.
#
# Needs ../shared/interop started (sudo ./start.sh). Prints mails/s, the ratio to mbsync, peak RSS.
set -euo pipefail
jar=$(realpath "${1:-target/postdesk.jar}"); n=${2:-2000}
interop=$(realpath "$(dirname "$0")/../../../../shared/interop")
work=$(mktemp -d /tmp/postdesk-vs-mbsync.XXXXXX)

load() { "$interop/clear.sh" support@helpdesk.test agent1@helpdesk.test alice@customer.test bob@customer.test >/dev/null; "$interop/bulk.sh" --via maildir --count "$n" support@helpdesk.test >/dev/null; }

load
start=$(date +%s.%N)
"$interop/mbsync-pull.sh" --fsync support@helpdesk.test "$work/mbsync" >/dev/null
mbsync=$(echo "$(date +%s.%N) - $start" | bc)

load
port=18025
env POSTDESK_IMAP_HOST=127.0.0.1 POSTDESK_IMAP_PORT=1143 POSTDESK_IMAP_TLS=none POSTDESK_IMAP_USER=support@helpdesk.test \
    POSTDESK_IMAP_PASSWORD=support POSTDESK_SMTP_HOST=127.0.0.1 POSTDESK_SMTP_PORT=2525 POSTDESK_SMTP_TLS=none \
    POSTDESK_ADDRESS=support@helpdesk.test POSTDESK_AGENTS=agent1@helpdesk.test POSTDESK_HTTP_PORT=$port \
    POSTDESK_DB_URL="jdbc:h2:file:$work/db/postdesk;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH${DB_OPTIONS:-}" \
    POSTDESK_ATTACHMENTS_DIR="$work/attachments" POSTDESK_RATELIMIT_SENDER=off POSTDESK_AUTOREPLY_CAP=off POSTDESK_AUTOREPLY_TOTAL=off \
    POSTDESK_LOG_FORMAT=plain \
    bash -c 'cd "$0" && exec java -Xmx256m ${JAVA_OPTS:-} -jar "$1" run' "$work" "$jar" >"$work/daemon.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
start=$(date +%s.%N)
peak=0
while :; do
  done_=$(curl -s "http://127.0.0.1:$port/metrics" 2>/dev/null | awk '/^postdesk_mails_processed_total/ {print int($2)}' || true)
  hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || true)
  [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
  [ "${done_:-0}" -ge "$n" ] && break
  kill -0 $pid 2>/dev/null || { echo "daemon died"; tail -20 "$work/daemon.log"; exit 1; }
  sleep 0.2 # a scrape runs three queries: polled more often, the measurement would slow what it measures
done
postdesk=$(echo "$(date +%s.%N) - $start" | bc)
metrics=$(curl -s "http://127.0.0.1:$port/metrics")
sent=$(echo "$metrics" | awk '/^postdesk_mails_(sent|bounced)_total/ {s += $2} END {print int(s)}')
steps=$(echo "$metrics" | awk '/^postdesk_ingest_step_seconds_sum/ {match($0, /step="[a-z]+"/); printf "%s %.2f s  ", substr($0, RSTART + 6, RLENGTH - 7), $2}')
kill -TERM $pid; wait $pid || true
printf 'mails %d, 4 KB each, support INBOX on Dovecot\n' "$n"
printf 'mbsync (FSync yes)   %6.2f s  %7.1f mails/s\n' "$mbsync" "$(echo "$n / $mbsync" | bc -l)"
printf 'postdesk (cold JVM, -Xmx256m, from process start to all committed with acks queued)  %6.2f s  %7.1f mails/s  ratio %.1fx  peak RSS %d MB\n' \
    "$postdesk" "$(echo "$n / $postdesk" | bc -l)" "$(echo "$postdesk / $mbsync" | bc -l)" "$((peak / 1024))"
printf 'meanwhile %d outbound mails were handed to SMTP (sent or refused); time in the ingest steps: %s\n' "$sent" "$steps"
