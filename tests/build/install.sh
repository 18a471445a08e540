#!/bin/bash
# `cmake --install` of this build into a temporary prefix: exactly the
# binary and the documentation, where docs/development.md says.
. "$(dirname "$0")/../lib.sh"
trap 'exit 130' INT
trap 'exit 143' HUP TERM

src=$(cd "$EH_TESTS/.." && pwd)
cmake=${EH_CMAKE:-cmake}
p=$TMP/prefix

if "$cmake" --install "${EH_BUILD:?}" --prefix "$p" > "$TMP/install.log" 2>&1; then
	pass "cmake --install --prefix P"
else
	fail "cmake --install --prefix P"
	cat "$TMP/install.log"
	finish
fi

{
	echo sbin/ebpfhello
	echo share/doc/ebpfhello/LICENSE
	echo share/doc/ebpfhello/README.md
	(cd "$src" && ls docs/*.md) | sed 's|^|share/doc/ebpfhello/|'
	echo share/man/man8/ebpfhello.8
	"$EH" --list-cmds | sed 's|^|share/man/man8/ebpfhello-|; s|$|.8|'
	echo share/bash-completion/completions/ebpfhello
	echo share/zsh/vendor-completions/_ebpfhello
	echo share/fish/vendor_completions.d/ebpfhello.fish
} | LC_ALL=C sort > "$TMP/want"
(cd "$p" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort) > "$TMP/got"
if cmp -s "$TMP/want" "$TMP/got"; then
	pass "P holds exactly sbin/ebpfhello, share/doc/ebpfhello/{README.md,LICENSE,docs/*.md}, the man pages and the completions ($(wc -l < "$TMP/got") files)"
else
	fail "P holds exactly the expected files"
	diff "$TMP/want" "$TMP/got"
fi

check "P/sbin/ebpfhello is executable, mode 755" [ "$(stat -c %a "$p/sbin/ebpfhello")" = 755 ]
expect "the documentation is mode 644, its directories 755" \
	'[ -z "$(find "$p/share" -type f ! -perm 644)" ] && [ -z "$(find "$p" -type d ! -perm 755)" ]'
check "the installed README is the tree's" cmp -s "$src/README.md" "$p/share/doc/ebpfhello/README.md"
check "the installed LICENSE is the tree's" cmp -s "$src/LICENSE" "$p/share/doc/ebpfhello/LICENSE"
expect "the installed binary is statically linked" \
	'file -L "$p/sbin/ebpfhello" | grep -q "statically linked"'
want=$("$EH" --version)
got=$("$p/sbin/ebpfhello" --version)
expect "P/sbin/ebpfhello --version: $got" '[ -n "$got" ] && [ "$got" = "$want" ]'
finish
