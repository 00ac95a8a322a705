#!/usr/bin/env bash
# The speaker's voice loop, driven from stdin: every turn answered, reasons spoken without ids, controls
# honoured, WAV files written when built with espeak-ng.
#   tests/speaker/voice_loop.sh "EMULATOR" MAKE_CATALOG SPEAKER WORK_DIR HAVE_VOICE(0|1)
set -euo pipefail
emu=$1; make_catalog=$2; speaker=$3; work=$4; have_voice=$5
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
run_emu() { if [ -n "$emu" ]; then $emu "$@"; else "$@"; fi; }
run_emu "$make_catalog" "$work"
now=1700000000000  # the test catalog's "now"
talk() {  # talk OUT_FILE: utterances on stdin
  run_emu "$speaker" --profile "$work/profile" --key-file "$work/profile.key" --brand-key "$work/brand.pk" \
    --catalog "$work/catalog.signed" --now "$now" --wav-dir "$1.wav" >"$1" 2>"$1.err" || { cat "$1.err" >&2; fail "speaker exited $?"; }
}

talk "$work/turns1" <<'TURNS'
what's new?
why?
I like jazz
what's new?
why?
play it
next
not interested
what's new?
TURNS
cat "$work/turns1"
grep -q '^speaker: Here are three things for you\.$' "$work/turns1" || fail "no answer to what's new"
grep -q '^speaker: .*a new piece about jazz' "$work/turns1" || fail "an untitled item is not spoken by its topic"
grep -q "^speaker: Okay\. I'll remember that you like jazz\.$" "$work/turns1" || fail "no answer to 'I like jazz'"
grep -q '^speaker: .*You said you like jazz\.' "$work/turns1" || fail "no spoken declared reason"
grep -q "^speaker: Okay\. I won't suggest " "$work/turns1" || fail "no answer to not interested"
# The sensitive topic was never declared: its item is never offered.
grep -q 'Hymns' "$work/turns1" && fail "an undeclared sensitive item was offered"
# The item turned down is not offered again, in this run or the next.
gone=$(sed -n "s/^speaker: Okay\. I won't suggest \(.*\) again\.$/\1/p" "$work/turns1")
[ -n "$gone" ] || fail "cannot tell which item was turned down"
[ "$(grep -c -F "$gone" "$work/turns1")" -le 3 ] || fail "'$gone' was offered after not interested"
after=$(sed -n '/I won.t suggest/,$p' "$work/turns1" | tail -n +2)
grep -q -F "$gone" <<<"$after" && fail "'$gone' came back in the same session"

talk "$work/turns2" <<'TURNS'
what's new?
why?
forget that
delete my data
no
delete my data
yes
TURNS
cat "$work/turns2"
grep -q -F "$gone" "$work/turns2" && fail "'$gone' came back after a restart"
grep -q "^speaker: Okay\. I've forgotten that you like jazz\.$" "$work/turns2" || fail "forget that"
grep -q '^speaker: Okay, I kept everything\.$' "$work/turns2" || fail "'no' did not keep the data"
grep -q '^speaker: Done\. Everything I knew about you is deleted\.$' "$work/turns2" || fail "delete my data"
[ ! -e "$work/profile" ] || fail "the profile directory is still there"
[ ! -e "$work/profile.key" ] || fail "the key file is still there"

# No id is ever spoken: every item id and every topic id that is not a plain word.
while read -r id; do
  case "$id" in *[-_0-9]*) ;; *) continue ;; esac
  grep -h '^speaker:' "$work/turns1" "$work/turns2" | grep -q -F "$id" && fail "an id was spoken: $id"
done <"$work/ids.txt"

lines=$(cat "$work/turns1" "$work/turns2" | grep -c '^speaker:')
if [ "$have_voice" = 1 ]; then
  wavs=$(ls "$work"/turns*.wav/*.wav | wc -l)
  [ "$wavs" = "$lines" ] || fail "$lines turns spoken but $wavs WAV files"
  for w in "$work"/turns*.wav/*.wav; do
    [ "$(head -c 4 "$w")" = RIFF ] || fail "$w is not a WAV file"
    [ "$(stat -c %s "$w")" -gt 8000 ] || fail "$w holds almost no sound"
  done
  echo "spoken: $lines turns into $wavs WAV files"
else
  echo "spoken (text only: built without espeak-ng): $lines turns"
fi
echo "1 passed, 0 failed"
