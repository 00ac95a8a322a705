#!/usr/bin/env bash
# The main job, run by `./run demo` after the build: tacit's story told by the sample host app.
#   scripts/demo.sh BUILD_DIR
# Everything it writes is under out/demo/ (git-ignored). It uses a fixed clock (--now) so that the story,
# the catalog's dates and the reports' periods are the same on every run; the feed's exploration is seeded.
set -euo pipefail
build=$(cd "${1:?usage: scripts/demo.sh BUILD_DIR}" && pwd)
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/out/demo"
brand_tool="$build/tools/brand/tacit-brand"
host_bin="$build/examples/host-app/tacit-host"
collector="$build/tools/collector/tacit-collector"
sim="$build/tools/sim/tacit-sim"
for b in "$brand_tool" "$host_bin" "$collector"; do
  [ -x "$b" ] || { echo "demo: $b is missing; build first (./run demo does)" >&2; exit 1; }
done

rm -rf "$out"
mkdir -p "$out/brand" "$out/phone" "$out/reports" "$out/population" "$out/collector"
day=86400000
today=1780304400000           # 2026-06-01 09:00 UTC: the day the demo catalog was written for
tomorrow=$((today + day))
policy=2026-05                # the brand's consent text version
phone=(--profile "$out/phone/profile" --key-file "$out/phone/profile.key" --brand-key "$out/brand/keys/sign.pk"
       --brand-id northwind-journal --plan "$out/brand/plan.signed")

# topic -> its items, from the catalog (one item per line); campaign items per topic.
declare -A items campaign_items
while read -r topic id; do items[$topic]+="$id "; done < <(
  sed -n 's/.*{"id": "\([^"]*\)", "title": "[^"]*", "topics": \[{"topic": "\([^"]*\)".*/\2 \1/p' \
    "$root/examples/catalog/catalog.json")
while read -r topic id; do campaign_items[$topic]+="$id "; done < <(
  grep '"campaign_id"' "$root/examples/catalog/catalog.json" |
    sed -n 's/.*{"id": "\([^"]*\)", "title": "[^"]*", "topics": \[{"topic": "\([^"]*\)".*/\2 \1/p')

bold=""; dim=""; off=""
if [ -t 1 ]; then bold=$(tput bold 2>/dev/null || true); dim=$(tput dim 2>/dev/null || true); off=$(tput sgr0 2>/dev/null || true); fi
screen() { printf '\n%s━━ %s %s%s\n' "$bold" "$1" "$(printf '━%.0s' $(seq 1 $((72 - ${#1}))))" "$off"; }
note() { printf '%s%s%s\n' "$dim" "$*" "$off"; }
# Runs tacit-host for the phone's user at time $now, echoing the command as the user would type it.
now=$today
host() { printf '%s› tacit-host %s%s\n' "$dim" "$*" "$off"; "$host_bin" "${phone[@]}" --now "$now" "$@"; }

# ------------------------------------------------------------------------------------------------------
screen "1. The brand: keys, a signed catalog and a signed measurement plan"
note "Northwind Journal, an outdoor & lifestyle publisher, signs what its app may rank, and bundles with the"
note "app the one measurement plan every user receives: what may be measured, how noisily, and how often."
bash "$root/scripts/sign-demo-catalog.sh" "$brand_tool" "$out/brand/keys" "$out/brand"
"$brand_tool" verify --pk "$out/brand/keys/sign.pk" --in "$out/brand/catalog.signed" --brand northwind-journal \
  --now "$today"
"$brand_tool" plan-verify --pk "$out/brand/keys/sign.pk" --in "$out/brand/plan.signed" --brand northwind-journal \
  --now "$today"
note "The app ships with sign.pk; the brand keeps sign.sk and report.sk (reports are sealed to report.pk)."

# ------------------------------------------------------------------------------------------------------
screen "2. A new user opens the app"
host init
host load-catalog "$out/brand/catalog.signed"
note "Nothing is known about them yet, so the feed leans on what is popular and fresh:"
host rank --k 5 --seed 7

# ------------------------------------------------------------------------------------------------------
screen "3. They say what they like, and read a little"
host consent give personalization --policy "$policy"
host declare hiking
host declare coffee
for item in bouldering-absolute-beginners reading-granite-guide-slab-climbing fall-well-why-it-matters; do
  host record open "$item" >/dev/null
  host record complete "$item" >/dev/null
done
note "(recorded: opened and finished three climbing articles)"
host rank --k 8 --seed 7
host why reading-granite-guide-slab-climbing
note "On a smart speaker the same reasons are spoken:"
host rank --k 3 --seed 7 --voice

# ------------------------------------------------------------------------------------------------------
screen "4. \"Not interested\" means never"
host not-interested topic coffee
host rank --k 8 --seed 7
feed=$("$host_bin" "${phone[@]}" --now "$now" rank --k 50 --json)
for id in ${items[coffee]}; do
  if grep -q "\"item_id\": \"$id\"" <<<"$feed"; then echo "demo: $id (coffee) is still in the feed" >&2; exit 1; fi
done
note "No item about coffee in the top 50 (checked), and it stays that way across restarts."

# ------------------------------------------------------------------------------------------------------
screen "5. What tacit knows, and what it would send"
host export
host export --out "$out/phone/export-before-erase.json" >/dev/null
host report preview
note "Nothing leaves the device without measurement consent."

# ------------------------------------------------------------------------------------------------------
screen "6. They agree to anonymous measurement"
host consent give measurement --policy "$policy"
host consent show
note "A day later, yesterday's period is over: tacit computes, randomises (local DP) and seals the reports."
now=$tomorrow
host report preview
host report flush --out "$out/reports"

# ------------------------------------------------------------------------------------------------------
screen "7. Many devices report; the brand aggregates"
population=300
# tacit-sim (when built) simulates a large population in-process and writes its sealed reports beside the
# user's; if it is absent, or wrote nothing, 300 real tacit-host profiles are the population instead.
if [ -x "$sim" ] && "$sim" --devices 2000 --seed 7 --day-of "$today" --out "$out/reports" --catalog "$out/brand/catalog.signed" \
     --plan "$out/brand/plan.signed" \
     --brand-pk "$out/brand/keys/sign.pk" --report-pk "$out/brand/keys/report.pk" \
     --report-sk "$out/brand/keys/report.sk" >"$out/population/sim.log" 2>&1 \
     && [ "$(find "$out/reports" -type f | wc -l)" -gt 3 ]; then
  note "tacit-sim simulated 2000 phones, each with its own encrypted profile and the same signed catalog:"
  note "they browse, 20% decline measurement, the rest report (log: out/demo/population/sim.log)."
else
  note "Simulating $population phones with tacit-host: each gets the catalog, consents, reads what it likes,"
  note "and sends yesterday's sealed reports. (about 20 s)"
  # Tastes of the population: the truth the brand should recover, without seeing anyone's.
  tastes=(hiking hiking hiking hiking hiking coffee coffee coffee cycling cycling cycling camping camping
          travel travel cooking cooking photography trail-running climbing jazz gardening books)
  RANDOM=7
  pick() { local a=($1); echo "${a[RANDOM % ${#a[@]}]}"; }
  for i in $(seq -w 1 $population); do
    t=${tastes[RANDOM % ${#tastes[@]}]}
    {
      echo "init"
      echo "load-catalog $out/brand/catalog.signed"
      echo "consent give measurement --policy $policy"
      for _ in $(seq 1 $((2 + RANDOM % 3))); do
        it=$(pick "${items[$t]}")
        echo "record open $it"
        echo "record complete $it"
      done
      if [ -n "${campaign_items[$t]:-}" ] && [ $((RANDOM % 4)) -eq 0 ]; then
        echo "record conversion $(pick "${campaign_items[$t]}") --value 25"
      fi
      echo "clock +1d"
      echo "report flush --out $out/reports"
    } | "$host_bin" --profile "$out/population/phone-$i" --key-file "$out/population/phone-$i.key" \
          --brand-key "$out/brand/keys/sign.pk" --plan "$out/brand/plan.signed" --now "$today" shell >/dev/null
  done
fi
note "The brand's collector opens every sealed report (the user's too) and estimates the population:"
"$collector" --sk "$out/brand/keys/report.sk" --pk "$out/brand/keys/report.pk" --in "$out/reports" \
  --out "$out/collector" --plan "$out/brand/plan.signed" --brand-pk "$out/brand/keys/sign.pk" --state "$out/collector/seen-report-ids"
# The topic-engagement estimates as a table (estimates.csv: one row per group and bucket).
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
         $col["metric_id"] == "topic-engagement" {
           if (!shown++) printf "\n  %-16s %9s   %-19s (topic engagement, n = %s, ε = %.2f)\n", "topic", "estimate", "95% interval", $col["n"], $col["epsilon_effective"]
           printf "  %-16s %9.1f   [%7.1f, %7.1f]\n", $col["label"], $col["estimate"], $col["ci95_low"], $col["ci95_high"]
         }' "$out/collector/estimates.csv"
note "No report names a person, a device, an item or a time finer than the day; each answer was randomised."

# ------------------------------------------------------------------------------------------------------
screen "8. The same question through DAP: two aggregators, neither can read an answer"
bash "$root/scripts/demo-dap.sh" "$build" "$out/dap" 60

# ------------------------------------------------------------------------------------------------------
screen "9. The user deletes everything"
host erase
left=$(find "$out/phone" -mindepth 1 -not -name 'export-before-erase.json' | wc -l)
echo "files left of the profile: $left"

screen "Outputs (out/demo/)"
cat <<EOF
  brand/keys/                    the brand's signing and report key pairs
  brand/catalog.{json,signed}    the catalog, and as signed for the app
  brand/plan.signed              the measurement plan bundled with the app (metrics, report key, budget)
  phone/export-before-erase.json what the user saw before erasing (the profile itself is gone)
  reports/                       $(find "$out/reports" -type f | wc -l) sealed reports, as the brand received them
  population/                    the population's log (tacit-sim erases each phone's profile when done)
  collector/estimates.{json,csv} the brand's aggregate, debiased, with 95% intervals
  collector/estimates.svg        the chart
  collector/report.html          the brand's dashboard: every estimate with its 95% interval, by date
  dap/                           the DAP screen: the plan, 60 phones, the aggregators' log and result
EOF
