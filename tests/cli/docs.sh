#!/bin/bash
# Man pages and shell completions, as the build made them from the program:
# every option a subcommand's --help lists is in its man page and offered by
# its completion, the pages render without a warning, and the completions
# work when driven for real.  The lists come from the binary, so an option
# added without documentation fails here.
. "$(dirname "$0")/../lib.sh"

man=${EH_BUILD:?}/man
comp=$EH_BUILD/completions
# the completions call "ebpfhello": this build's
mkdir "$TMP/bin"
ln -s "$EH" "$TMP/bin/ebpfhello"
export PATH=$TMP/bin:$PATH

# options_of CMD: the long options its --help lists, one per line
options_of() { "$EH" "$1" --help | grep -oE '^ +(-[a-zA-Z?], )?--[a-z][a-z-]*' | sed 's/.*--/--/' | sort -u; }

# --- man pages ----------------------------------------------------------------
check "a page for ebpfhello itself" [ -s "$man/ebpfhello.8" ]
for cmd in $("$EH" --list-cmds); do
	page=$man/ebpfhello-$cmd.8
	if [ ! -s "$page" ]; then
		fail "$cmd has no man page ($page)"
		continue
	fi
	MANWIDTH=80 man -l "$page" 2> "$TMP/man.err" > "$TMP/man.txt"
	missing=$(options_of "$cmd" | while read -r o; do grep -qF -- "$o" "$TMP/man.txt" || echo "$o"; done)
	check "ebpfhello-$cmd(8): all $(options_of "$cmd" | wc -l) options of --help documented${missing:+ (missing: $missing)}" \
		[ -z "$missing" ]
	check "ebpfhello-$cmd(8): EXAMPLES, EXIT STATUS, ENVIRONMENT (EBPFHELLO_DISABLE), FILES" \
		bash -c "grep -q '^EXAMPLES' '$TMP/man.txt' && grep -q '^EXIT STATUS' '$TMP/man.txt' &&
			 grep -q 'EBPFHELLO_DISABLE' '$TMP/man.txt' && grep -q '^FILES' '$TMP/man.txt'"
	check "ebpfhello-$cmd(8): every example of --help is there" \
		bash -c "\"$EH\" $cmd --help | sed -n '/^Examples:/,\$p' | grep -o 'ebpfhello $cmd[^#]*' |
			 sed 's/ *\$//' | cut -c1-40 | while read -r ex; do grep -qF -- \"\$ex\" '$TMP/man.txt' || exit 1; done"
	check "ebpfhello-$cmd(8): man -l renders it without a message" [ ! -s "$TMP/man.err" ]
done
for page in "$man"/*.8; do
	check "$(basename "$page"): groff -ww -z -man reports nothing" \
		bash -c "[ -z \"\$(groff -ww -z -man '$page' 2>&1)\" ]"
	check "$(basename "$page"): mandoc -T lint reports nothing, style notes included" \
		bash -c "[ -z \"\$(mandoc -T lint -W style '$page' 2>&1)\" ]"
done

# --- bash: the completion function driven as bash calls it ------------------------
# complete WORD...: COMPREPLY after the last word (the one being completed)
complete_bash() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ebpfhello;
		 printf "%s\n" "${COMPREPLY[@]}"' _ "$comp/bash/ebpfhello" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}
check "bash: 'ebpfhello cou' -> count-syscall count-uid" [ "$(complete_bash ebpfhello cou)" = "count-syscall count-uid" ]
check "bash: 'ebpfhello count-uid --sys' -> --syscall" [ "$(complete_bash ebpfhello count-uid --sys)" = "--syscall" ]
got=$(complete_bash ebpfhello trace --syscall openat,clo)
check "bash: 'trace --syscall openat,clo' offers openat,close and openat,close_range ($got)" \
	bash -c "[[ ' $got ' == *' openat,close '* && ' $got ' == *' openat,close_range '* ]]"
check "bash: 'count-syscall --attach ' offers only that command's modes" \
	[ "$(complete_bash ebpfhello count-syscall --attach '')" = "auto raw_tp tp_btf tracepoint" ]
check "bash: 'count-uid --attach ' offers all six modes and auto" \
	[ "$(complete_bash ebpfhello count-uid --attach '')" = "auto exec fentry kprobe raw_tp tp_btf tracepoint" ]
check "bash: 'count-syscall --by ' -> cgroup comm container pid syscall uid unit" \
	[ "$(complete_bash ebpfhello count-syscall --by '')" = "cgroup comm container pid syscall uid unit" ]
check "bash: 'count-uid --by ' -> cgroup container uid unit" \
	[ "$(complete_bash ebpfhello count-uid --by '')" = "cgroup container uid unit" ]
check "bash: 'events --buffer ' -> auto perf ringbuf" [ "$(complete_bash ebpfhello events --buffer '')" = "auto perf ringbuf" ]
check "bash: 'source cou' -> count-syscall count-uid (source's COMMAND)" \
	[ "$(complete_bash ebpfhello source cou)" = "count-syscall count-uid" ]
check "bash: '--syscall=exec' (bash splits at =) -> execve execveat" \
	[ "$(complete_bash ebpfhello count-uid --syscall = exec)" = "execve execveat" ]
check "bash: 'tail --handler timer=timer_d' -> timer_delete" \
	[ "$(complete_bash ebpfhello tail --handler timer = timer_d)" = "timer_delete" ]
for cmd in $("$EH" --list-cmds); do
	want=$(options_of "$cmd" | tr '\n' ' ' | sed 's/ $//')
	check "bash: 'ebpfhello $cmd --' offers every option of its --help" \
		[ "$(complete_bash ebpfhello "$cmd" --)" = "$want" ]
done

# --- zsh and fish --------------------------------------------------------------
check "zsh -n: the zsh completion parses" zsh -n "$comp/zsh/_ebpfhello"
check "zsh: compinit loads it from fpath for ebpfhello" \
	[ "$(zsh -fc "fpath=($comp/zsh \$fpath); autoload -Uz compinit; compinit -u -d $TMP/zcompdump; print -r -- \${_comps[ebpfhello]}")" = _ebpfhello ]
got=$(zsh -fc 'compadd() { shift 3; [ "$1" = -- ] && shift; print -l -- "$@"; }
	       words=(ebpfhello count-syscall --attach ""); CURRENT=4; source "$1"' _ "$comp/zsh/_ebpfhello" | sort | tr '\n' ' ')
check "zsh: 'count-syscall --attach ' offers that command's modes ($got)" [ "$got" = "auto raw_tp tp_btf tracepoint " ]
check "fish -n: the fish completion parses" fish -n "$comp/fish/ebpfhello.fish"
got=$(fish -c "source $comp/fish/ebpfhello.fish; complete -C'ebpfhello cou'" | sort | tr '\n' ' ')
check "fish: 'ebpfhello cou' -> count-syscall count-uid ($got)" [ "$got" = "count-syscall count-uid " ]
got=$(fish -c "source $comp/fish/ebpfhello.fish; complete -C'ebpfhello trace --syscall openat,clo'" | tr '\n' ' ')
check "fish: '--syscall openat,clo' offers openat,close_range" bash -c "[[ '$got' == *openat,close_range* ]]"
finish
