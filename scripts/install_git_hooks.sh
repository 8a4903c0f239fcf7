#!/bin/sh
# Point this clone's Git at the hooks in scripts/git-hooks (for now, the pre-push API reference check).
set -eu

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
chmod +x "$root"/scripts/git-hooks/*
git -C "$root" config core.hooksPath scripts/git-hooks
echo "Git hooks installed: core.hooksPath is now scripts/git-hooks"
