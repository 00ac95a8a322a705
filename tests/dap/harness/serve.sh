# Sourced by the end-to-end tests and the demo: starts the test aggregators on loopback.
#   start_aggregators TASKS_JSON DIR
# Runs harness.mjs serve with the tasks file, stops it when the calling shell exits, waits until it is
# ready and sets $leader and $helper to the two endpoints. Its log is DIR/aggregators.log. Returns non-zero
# (with the log on stderr) if it does not start. TACIT_DAP_NPM must name the installed peer packages.
start_aggregators() {
  local tasks=$1 dir=$2
  local here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  node "$here/harness.mjs" serve --tasks "$tasks" --ready "$dir/ready.json" >"$dir/aggregators.log" 2>&1 &
  _aggregators_pid=$!
  trap 'kill $_aggregators_pid 2>/dev/null || true' EXIT
  for _ in $(seq 100); do [ -s "$dir/ready.json" ] && break; sleep 0.1; done
  if [ ! -s "$dir/ready.json" ]; then
    echo "the test aggregators did not start: $(cat "$dir/aggregators.log")" >&2
    return 1
  fi
  leader=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['leader'])" "$dir/ready.json")
  helper=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['helper'])" "$dir/ready.json")
}
