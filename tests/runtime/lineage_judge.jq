# lineage.sh's judge: what is wrong with one run's records ($o, ebpfhello
# events --json) against what tests/helpers/ehlineage said it did ($t), one
# line each; nothing when they agree.
#
#   jq -n -r --slurpfile o OUT --slurpfile t TRUTH --argjson n N --arg boot ID \
#      --argjson pre PRE --argjson exits BOOL -f lineage_judge.jq
#
# EXITS: whether --exits was given (false: exits are not judged).  N is
# --ancestors (0: none asked for, so none may appear); ID the boot id
# without dashes; PRE the pids of the test's shell and those above it (from
# before the tool started: their exec ids are only checked for form).  The truth: "exec" lines (pid, comm, comm_before, the
# ancestors /proc showed, nearest first) and "wait" lines (how waitpid saw
# each child end, "by" the waiter; lower and upper bounds of its lifetime).
# Records of processes not the helper's and not under them are another
# program's of the same uid (the suite runs cli tests beside): left out.

def cut($a): $a[:$n] | map({pid, comm});
# the exec id's form (docs/json.md): <boot id>-<the process's creation, ns>-<pid>-<its exec count>
def is_id($pid): type == "string" and test("^\($boot)-[0-9]+-\($pid)-[1-9][0-9]*$");
# at the exec event the new name; at syscall entry the caller's (the fork's),
# and the first exec is ehworkload's ("as")
def want_comm($att): if $att == "exec" then .comm else (.comm_before // "ehworkload") end;
def seen($pids; $p): any($pids[]; . == $p);
def names($a): $a | map({pid, comm}) | tojson;

($o | map(select(.type == "event"))) as $ev
| ($ev | map(.pid)) as $evp
| ($o | map(select(.type == "exit"))) as $ex
| $o[0].attach as $att
| ($t | map(select(.what == "exec"))) as $te
| ($t | map(select(.what == "wait"))) as $tw
| ($te | map(.pid)) as $ours
| (reduce $ev[] as $r ({}; .[$r.pid | tostring] = $r.exec_id)) as $ids
| (reduce $te[] as $x ({}; .[$x.pid | tostring] = $x)) as $byp
| (
  # --- exec records -----------------------------------------------------------
  ( $te[] as $x
    | ($ev | map(select(.pid == $x.pid))) as $rs
    | if ($rs | length) != 1 then "exec of pid \($x.pid) (\($x.comm)): \($rs | length) records, not 1"
      else $rs[0] as $r
      | ( if $r.comm != ($x | want_comm($att)) then
            "exec of pid \($x.pid): comm \($r.comm | tojson), not \($x | want_comm($att) | tojson)"
          else empty end ),
        ( if ($r.exec_id | is_id($x.pid) | not) then
            "exec of pid \($x.pid): exec_id \($r.exec_id | tojson), not \($boot)-<ns>-\($x.pid)-<n>"
          else empty end ),
        ( if $n == 0 then
            ( if ($r | has("ancestors") or has("ancestors_more")) then
                "exec of pid \($x.pid): ancestors without --ancestors" else empty end )
          else
            ( if names($r.ancestors) != (cut($x.ancestors) | tojson) then
                "exec of pid \($x.pid) (\($x.comm)): ancestors \(names($r.ancestors)), not \(cut($x.ancestors) | tojson)"
              else empty end ),
            ( if ($r.ancestors_more // false) != (($x.ancestors | length) > $n) then
                "exec of pid \($x.pid): ancestors_more \($r.ancestors_more | tojson) with \($x.ancestors | length) ancestors and N \($n)"
              else empty end ),
            # an ancestor's exec: ours, its record's id; any other (the test's
            # shell and those above it, from before the tool started; strace)
            # an id of its pid, read from its task, or null if it never
            # exec'd (a subshell: a fork running its parent's program)
            # (ours: its exec's id once that exec came, before it null: a
            # fork of the helper never exec'd)
            ($evp | index($x.pid)) as $ri
            | ( $r.ancestors[]?
              | .pid as $ap | ($evp | index($ap)) as $ai
              | (if seen($ours; .pid) then (if $ai != null and $ai < $ri then $ids[.pid | tostring] else null end)
                 else "\($boot)-<ns>-\(.pid)-<n>" end) as $want
              | select(if seen($ours; .pid) then .exec_id != $want
                       else .pid as $p | .exec_id != null and (.exec_id | is_id($p) | not) end)
              | "exec of pid \($x.pid): its ancestor \(.pid)'s exec_id \(.exec_id | tojson), not \($want | tojson)" )
          end )
      end ),
  ( $ev | map(.exec_id) | group_by(.) | map(select(length > 1))[]
    | "exec_id \(.[0] | tojson) on \(length) exec records" ),
  # a process named in several records is named by one exec id, the same in
  # each (the id comes from its task: nothing is remembered in between); or
  # none, before its exec
  ( [($ev + $ex)[] | .ancestors[]? | {pid, exec_id}] | group_by(.pid)[]
    | select((map(.exec_id | select(. != null)) | unique | length) > 1)
    | "ancestor \(.[0].pid): exec ids \(map(.exec_id) | unique | tojson) in different records" ),
  # --- exit records: one per process, as waitpid saw it (with --exits) -----------
  (($te + $tw) | map(.pid) | unique) as $all
  | select($exits)
  | ( $all[] as $p | ($ex | map(select(.pid == $p)) | length) as $k
      | select($k != 1) | "exit of pid \($p): \($k) records, not 1" ),
    # others of uid 65534 may run beside (a cli test's): only those under ours count
    ( ($ex + $ev)[] | select((seen($all; .pid) | not) and (seen($all; .ppid) or any(.ancestors[]?; seen($all; .pid))))
      | "a record (\(.type)) of pid \(.pid) (\(.comm)) under ours, not one the helper made" ),
    ( $tw[] as $w | ($ex | map(select(.pid == $w.pid)))[0] // empty | . as $e
      | ( if [$e.exit_code, $e.signal, $e.core_dumped] != [$w.exit_code, $w.signal, $w.core_dumped] then
            "exit of pid \($w.pid) (\($w.kind // $w.mode)): exit_code \($e.exit_code | tojson), signal \($e.signal | tojson), core_dumped \($e.core_dumped | tojson); waitpid says \($w.exit_code | tojson), \($w.signal | tojson), \($w.core_dumped | tojson)"
          else empty end ),
        ( if $w.upper != null and (($e.lifetime | type) != "number" or
             $e.lifetime < $w.lower - 1e-8 or $e.lifetime > $w.upper + 1e-8) then
            "exit of pid \($w.pid) (\($w.kind)): lifetime \($e.lifetime | tojson) outside [\($w.lower), \($w.upper)]"
          else empty end ) ),
    ( $ex[] | select(seen($all; .pid)) | . as $e
      | ($byp[$e.pid | tostring]) as $x
      | ($tw | map(select(.pid == $e.pid))[0].by) as $by
      # a forked child that never exec'd: its parent's name and chain
      | (if $x then $x else {comm: $byp[$by | tostring].comm,
			     ancestors: ([{pid: $by, comm: $byp[$by | tostring].comm}] + $byp[$by | tostring].ancestors)} end) as $want
      | ( if $e.comm != $want.comm then "exit of pid \($e.pid): comm \($e.comm | tojson), not \($want.comm | tojson)" else empty end ),
        ( if $e.ppid != $want.ancestors[0].pid then "exit of pid \($e.pid): ppid \($e.ppid), not \($want.ancestors[0].pid)" else empty end ),
        ( (if $x then $ids[$e.pid | tostring] else null end) as $id
          | if $e.exec_id != $id then "exit of pid \($e.pid): exec_id \($e.exec_id | tojson), not its exec's \($id | tojson)" else empty end ),
        ( if $n == 0 then
            ( if ($e | has("ancestors")) then "exit of pid \($e.pid): ancestors without --ancestors" else empty end )
          elif names($e.ancestors) != (cut($want.ancestors) | tojson) then
            "exit of pid \($e.pid): ancestors \(names($e.ancestors)), not \(cut($want.ancestors) | tojson)"
          else empty end ) ),
  # --- nothing lost --------------------------------------------------------------
  ( $o[-1] | select(.type != "summary" or .lost != 0) | "the run ended with \(tojson), not a summary with 0 lost" )
  )
