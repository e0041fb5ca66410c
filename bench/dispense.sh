#!/usr/bin/env bash
# Dispense (one pack of one item, audited) per second against the same rows in raw SQL (issue 11
# row 4; target >= 0.5 x). See bench/prescribe.sh.
exec "$(dirname "$0")/prescribe.sh" dispense
