#!/bin/bash
# The Debian package: cpack makes ebpfhello_<version>_<arch>.deb from this
# build, lintian finds no error in it, `dpkg -i` installs it, the installed
# /usr/sbin/ebpfhello names its version and commit, the systemd unit is in
# place and `systemd-analyze verify` finds nothing to say of it, `dpkg -r`
# leaves no file of it behind but its conffiles (/etc/default), and
# `dpkg -P` not those either.  Root (it installs a package).
#
# The machine is left as it was found: an ebpfhello package installed before
# is saved with dpkg-repack, and put back at the end, also when the test
# fails or is interrupted.
. "$(dirname "$0")/../lib.sh"
require_root

src=$(cd "$EH_TESTS/.." && pwd)
cpack=${EH_CPACK:-cpack}
arch=$(dpkg --print-architecture)
deb_name=ebpfhello_${EH_PROJECT_VERSION}_$arch.deb
# no lintian warning is expected: any fails the test
expected_warnings="none-expected"

status() { dpkg-query -W -f='${db:Status-Abbrev}' ebpfhello 2>/dev/null | tr -d ' '; }

SAVED=
INSTALLED=
restore() {
	if [ -n "$INSTALLED" ] && [ "$(status)" = ii ]; then
		dpkg -r ebpfhello > /dev/null 2>&1 || echo "# could not remove our ebpfhello package"
	fi
	if [ -n "$SAVED" ]; then
		if dpkg -i "$SAVED" > "$TMP/restore.log" 2>&1; then
			echo "# the ebpfhello package found installed is back: $(dpkg-query -W -f='${Version}' ebpfhello)"
		else
			echo "# FAILED to put back the ebpfhello package found installed; it is in $SAVED"
			cat "$TMP/restore.log"
			cp "$SAVED" /var/tmp/ && echo "# a copy is in /var/tmp/${SAVED##*/}"
		fi
	fi
	cleanup
}
trap restore EXIT
trap 'exit 130' INT
trap 'exit 143' HUP TERM

for tool in lintian dpkg-repack; do
	command -v "$tool" > /dev/null ||
		{ fail "$tool is not installed (third_party/install-deps.sh installs it)"; finish; }
done

# --- build it ---------------------------------------------------------------
if "$cpack" --config "${EH_BUILD:?}/CPackConfig.cmake" -G DEB -B "$TMP/pkg" > "$TMP/cpack.log" 2>&1; then
	pass "cpack -G DEB"
else
	fail "cpack -G DEB"
	cat "$TMP/cpack.log"
	finish
fi
deb=$TMP/pkg/$deb_name
check "it is named $deb_name" [ -f "$deb" ]
[ -f "$deb" ] || { ls "$TMP/pkg"; finish; }

field() { dpkg-deb -f "$deb" "$1"; }
check "Package: ebpfhello, Version: $EH_PROJECT_VERSION, Architecture: $arch" \
	[ "$(field Package)/$(field Version)/$(field Architecture)" = "ebpfhello/$EH_PROJECT_VERSION/$arch" ]
check "Section: admin" [ "$(field Section)" = admin ]
check "no Depends or Pre-Depends (the binary is static)" [ -z "$(field Depends)$(field Pre-Depends)" ]
expect "a Maintainer: $(field Maintainer)" '[[ "$(field Maintainer)" =~ ^[^\<]+\ \<[^@]+@[^@]+\>$ ]]'
expect "a description: $(field Description | head -1)" '[ "$(field Description | wc -l)" -gt 3 ]'
dpkg-deb -c "$deb" > "$TMP/contents"
for f in usr/sbin/ebpfhello usr/share/doc/ebpfhello/copyright usr/share/doc/ebpfhello/changelog.gz \
	 usr/share/doc/ebpfhello/README.md usr/share/man/man8/ebpfhello.8.gz \
	 usr/share/man/man8/ebpfhello-count-uid.8.gz \
	 usr/share/bash-completion/completions/ebpfhello \
	 usr/share/zsh/vendor-completions/_ebpfhello \
	 usr/share/fish/vendor_completions.d/ebpfhello.fish \
	 lib/systemd/system/ebpfhello@.service etc/default/ebpfhello-count-syscall \
	 etc/default/ebpfhello-events; do
	check "holds /$f" grep -q " \./$f$" "$TMP/contents"
done
expect "every file is root's" '! awk "\$2 != \"root/root\"" "$TMP/contents" | grep -q .'
check "changelog.gz is a Debian changelog for $EH_PROJECT_VERSION" \
	sh -c "dpkg-deb --fsys-tarfile '$deb' | tar -xO ./usr/share/doc/ebpfhello/changelog.gz | gzip -dc |
	       head -1 | grep -q '^ebpfhello ($EH_PROJECT_VERSION) '"

# --- lintian ----------------------------------------------------------------
# As nobody: lintian unpacks what it checks, and says root should not.  From
# $TMP: the build directory may be one nobody cannot enter (a clone in /root)
lhome=$TMP/lintian-home
mkdir "$lhome" && chown 65534:65534 "$lhome" && chmod 755 "$TMP/pkg"
as_nobody() { (cd "$TMP" && exec setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$lhome" "$@"); }
as_nobody lintian --fail-on error --display-info "$deb" > "$TMP/lintian.log" 2>&1
rc=$?
sed 's/^/# lintian: /' "$TMP/lintian.log"
expect "lintian: no error (exit $rc)" '[ "$rc" = 0 ] && ! grep -q "^E: " "$TMP/lintian.log"'
unexpected=$(sed -n 's/^W: [^ ]* \([^ ]*\).*/\1/p' "$TMP/lintian.log" | sort -u |
	     grep -v -x -F -e $expected_warnings || true)
expect "lintian: no warning but the expected ($expected_warnings)" '[ -z "$unexpected" ]'
# what packaging/deb/lintian-overrides hides, and why, for the record
as_nobody lintian --show-overrides "$deb" 2>&1 | grep -E '^(O|N): ' | sed 's/^/# lintian: /'

# --- install and remove -----------------------------------------------------
before=$(status)
case $before in
"" | un | pn) ;;
ii)
	mkdir "$TMP/saved"
	if (cd "$TMP/saved" && dpkg-repack ebpfhello) > "$TMP/repack.log" 2>&1; then
		SAVED=$(ls "$TMP"/saved/*.deb)
		pass "saved the ebpfhello package found installed ($(dpkg-query -W -f='${Version}' ebpfhello)) to put it back"
	else
		fail "could not save the ebpfhello package found installed; not touching it"
		cat "$TMP/repack.log"
		finish
	fi
	dpkg -r ebpfhello > /dev/null
	;;
*)
	fail "an ebpfhello package is here in state '$before'; not touching it"
	finish
	;;
esac

# which of the package's paths exist before it is installed (/usr, /usr/sbin...)
sed -n 's|.* \./\(.*\)|/\1|p' "$TMP/contents" | sed 's|/$||' | grep -v '^$' > "$TMP/paths"
while read -r f; do
	[ -e "$f" ] || [ -L "$f" ] && echo "$f"
done < "$TMP/paths" > "$TMP/existed"

INSTALLED=1
if dpkg -i "$deb" > "$TMP/dpkg-i.log" 2>&1; then
	pass "dpkg -i $deb_name"
else
	fail "dpkg -i $deb_name"
	cat "$TMP/dpkg-i.log"
	finish
fi
version=$(/usr/sbin/ebpfhello --version)
if [ -e "$src/.git" ]; then
	commit="git $(git -C "$src" rev-parse --short HEAD)"
	expect "/usr/sbin/ebpfhello --version names the commit: $version" \
		'[[ "$version" =~ ^ebpfhello\ $EH_PROJECT_VERSION\ \(git\ [0-9a-f]{7,},\ libbpf\ [0-9.]+\)$ ]] &&
		 [ "$version" = "$("$EH" --version)" ]'
	# a build configured at an older commit, not rebuilt since
	[[ $version == *"($commit,"* ]] || echo "# note: the tree is now at $commit"
else
	expect "/usr/sbin/ebpfhello --version: $version" \
		'[ "$version" = "ebpfhello $EH_PROJECT_VERSION (no git checkout, libbpf $(pkg-config --modversion libbpf))" ]'
fi
expect "man -w ebpfhello-count-uid finds the installed page" \
	'[ "$(man -w ebpfhello-count-uid)" = /usr/share/man/man8/ebpfhello-count-uid.8.gz ]'
expect "man ebpfhello-count-uid renders, with its options" \
	'MANPAGER=cat MANWIDTH=80 man ebpfhello-count-uid 2>/dev/null | grep -q -- "--all-syscalls"'
expect "the bash completion is where bash-completion looks for it" \
	'[ -f "$(pkg-config --variable=completionsdir bash-completion)/ebpfhello" ]'
unit=/lib/systemd/system/ebpfhello@.service
check "the unit is installed, as in the tree" cmp "$unit" "$src/packaging/systemd/ebpfhello@.service"
# an instance, as `systemctl enable --now ebpfhello@count-syscall` has it;
# with the man pages installed, Documentation= is checked too
ln -s "$unit" "$TMP/ebpfhello@count-syscall.service"
verify=$(cd "$TMP" && systemd-analyze verify ./ebpfhello@count-syscall.service 2>&1)
rc=$?
expect "systemd-analyze verify ebpfhello@count-syscall.service: nothing to say (exit $rc)${verify:+: $verify}" \
	'[ "$rc" = 0 ] && [ -z "$verify" ]'
conffiles=$(dpkg-query -W -f='${Conffiles}' ebpfhello | awk 'NF { print $1 }')
expect "conffiles: $(echo $conffiles)" \
	'[ "$conffiles" = "$(printf "/etc/default/ebpfhello-count-syscall\n/etc/default/ebpfhello-events")" ]'
dpkg -L ebpfhello | grep -v -x '/\.' > "$TMP/listed"
check "dpkg -L lists the binary and the copyright file" \
	sh -c "grep -qx /usr/sbin/ebpfhello '$TMP/listed' && grep -qx /usr/share/doc/ebpfhello/copyright '$TMP/listed'"

if dpkg -r ebpfhello > "$TMP/dpkg-r.log" 2>&1; then
	INSTALLED=
	pass "dpkg -r ebpfhello"
else
	fail "dpkg -r ebpfhello"
	cat "$TMP/dpkg-r.log"
fi
left_behind() {
	while read -r f; do
		grep -qx -F "$f" "$TMP/existed" && continue
		[ -e "$f" ] || [ -L "$f" ] && echo "$f"
	done < "$TMP/listed"
}
left=$(left_behind | grep -v -x -F "$conffiles" | grep -v -x /etc/default)
expect "nothing dpkg -L listed is left behind but the conffiles ($(wc -l < "$TMP/listed") paths; $(wc -l < "$TMP/existed") were there before)" \
	'[ -z "$left" ] && [ ! -e "$unit" ]'
[ -z "$left" ] || echo "$left"
check "the package is no longer installed" [ "$(status)" != ii ]
check "dpkg -P ebpfhello" dpkg -P ebpfhello
left=$(left_behind)
expect "... and after the purge nothing at all" '[ -z "$left" ]'
[ -z "$left" ] || echo "$left"
finish
