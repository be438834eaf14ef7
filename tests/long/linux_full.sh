#!/bin/bash
# make test-long: the Linux scenario with every check, those that read
# init's dmesg pipelines and "no user process crashed" included (see the
# open bug in tests/scenarios/linux.sh).
export LINUX_CHECKS=full scenario=linux-full
exec "$(dirname "$0")/../scenarios/linux.sh"
