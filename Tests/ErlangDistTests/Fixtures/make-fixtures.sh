#!/bin/sh
# Regenerates terms.txt, the golden bytes the ErlangDist tests compare against, from a real
# Erlang/OTP node (needs erl, escript and epmd; the tests themselves need no Erlang).
# The node gets a private epmd on its own port, started here and stopped on exit, so no
# system-wide epmd is started or disturbed.
set -eu
cd "$(dirname "$0")"
port=${FIXTURES_EPMD_PORT:-43691}
epmd -port "$port" &
epmd_pid=$!
trap 'kill "$epmd_pid" 2>/dev/null; wait "$epmd_pid" 2>/dev/null || true' EXIT INT TERM
sleep 0.5
ERL_EPMD_PORT=$port escript make-fixtures.escript terms.txt.new
mv terms.txt.new terms.txt
echo "wrote $(grep -vc '^#' terms.txt) terms to $(pwd)/terms.txt"
