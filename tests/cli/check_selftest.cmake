# `frameloop check` on damaged copies of goldens: each damage gives an exact
# outcome (exit status, stdout) and exactly the result files it should; golden/
# is written only with --update. Runs in WORK with relative paths, so the
# paths printed are the same on every machine.
#   -DCLI=frameloop -DPOKE=png_poke -DGOLDEN=<repo>/golden -DWORK=<scratch dir>
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(COPY ${GOLDEN} DESTINATION ${WORK})
set(raf golden/raf-box)

# check(<rc> <stdout> args...): runs `frameloop check --golden golden --out results args`.
function(check rc want)
  file(REMOVE_RECURSE ${WORK}/results)
  execute_process(COMMAND ${CLI} check --golden golden --out results ${ARGN}
                  WORKING_DIRECTORY ${WORK} RESULT_VARIABLE got OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT got STREQUAL rc OR NOT out STREQUAL want)
    message(FATAL_ERROR "check ${ARGN}: exit ${got} (want ${rc})\n--- stdout:\n${out}"
                        "--- want:\n${want}--- stderr:\n${err}")
  endif()
endfunction()

# results(<files...>): exactly these files were written under results/.
function(results)
  file(GLOB_RECURSE got RELATIVE ${WORK}/results ${WORK}/results/*)
  list(SORT got)
  set(want ${ARGN})
  list(SORT want)
  if(NOT "${got}" STREQUAL "${want}")
    message(FATAL_ERROR "results written: '${got}', want '${want}'")
  endif()
endfunction()

# run(<rc> <literal>... args after --): runs check with ARGS, wants exit <rc> and each
# literal somewhere in stdout.
function(run rc)
  cmake_parse_arguments(R "" "" "HAS;ARGS" ${ARGN})
  file(REMOVE_RECURSE ${WORK}/results)
  execute_process(COMMAND ${CLI} check --golden golden --out results ${R_ARGS}
                  WORKING_DIRECTORY ${WORK} RESULT_VARIABLE got OUTPUT_VARIABLE out)
  set(missing "")
  foreach(lit IN LISTS R_HAS)
    string(FIND "${out}" "${lit}" at)
    if(at EQUAL -1)
      string(APPEND missing "not found: '${lit}'\n")
    endif()
  endforeach()
  if(NOT got EQUAL rc OR missing)
    message(FATAL_ERROR "check ${R_ARGS}: exit ${got} (want ${rc})\n${missing}${out}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

function(poke)
  execute_process(COMMAND ${POKE} ${ARGN} WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "png_poke ${ARGN}: exit ${rc}")
  endif()
  set(poked "${out}" PARENT_SCOPE)
endfunction()

# A hash of every file under golden/: what "nothing was written" means.
function(golden_hash var)
  file(GLOB_RECURSE files ${WORK}/golden/*)
  list(SORT files)
  set(all "")
  foreach(f IN LISTS files)
    file(SHA256 ${f} h)
    string(APPEND all "${f} ${h}\n")
  endforeach()
  set(${var} "${all}" PARENT_SCOPE)
endfunction()

# Intact goldens pass.
check(0 "ok   raf-box\nok   classic-order\n2 passed, 0 failed\n" raf-box classic-order)
results()

# One pixel: fails exactly, with actual, expected and diff images; tolerances.
poke(${raf}/frame-00010.png ${raf}/frame-00010.png pixel 600 300 000000)
set(one "frame-00010.png: 1 pixel differs (0 allowed)")
check(1 "FAIL raf-box: ${one}\n  ${one}\n0 passed, 1 failed\n" raf-box)
results(raf-box/frame-00010-actual.png raf-box/frame-00010-expected.png
        raf-box/frame-00010-diff.png)
poke(results/raf-box/frame-00010-diff.png get 600 300)
if(NOT poked STREQUAL "ff0000\n")
  message(FATAL_ERROR "the differing pixel is ${poked} in the diff image, not red")
endif()
# The box's #0088ff, faded: pixelmatch's grey of its YIQ brightness at 10%.
poke(results/raf-box/frame-00010-diff.png get 60 40)
if(NOT poked STREQUAL "f0f0f0\n")
  message(FATAL_ERROR "a box pixel is ${poked} in the diff image, not faded f0f0f0")
endif()
# A masked pixel does not count; masks are magenta in the diff image.
check(0 "ok   raf-box\n1 passed, 0 failed\n" raf-box --mask 590,290,20,20)
check(1 "FAIL raf-box: ${one}\n  ${one}\n0 passed, 1 failed\n" raf-box --mask 0,0,10,10)
poke(results/raf-box/frame-00010-diff.png get 5 5)
if(NOT poked STREQUAL "ff00ff\n")
  message(FATAL_ERROR "a masked pixel is ${poked} in the diff image, not ff00ff")
endif()
check(0 "ok   raf-box\n1 passed, 0 failed\n" raf-box --max-diff-pixels 1)
check(0 "ok   raf-box\n1 passed, 0 failed\n" raf-box --max-diff-ratio 0.00001)
check(1 "FAIL raf-box: ${one}\n  ${one}\n0 passed, 1 failed\n" raf-box --threshold)
# A pixel on the box's left edge blended half-way to white looks like
# anti-aliasing to pixelmatch's detector: --ignore-aa lets it pass.
poke(${raf}/frame-00050.png ${raf}/frame-00050.png pixel 200 40 80c4ff)
set(aa "frame-00050.png: 1 pixel differs (0 allowed)")
check(1 "FAIL raf-box: 2 frames fail (first: ${one})\n  ${one}\n  ${aa}\n0 passed, 1 failed\n"
      raf-box --threshold)
check(1 "FAIL raf-box: ${aa}\n  ${aa}\n0 passed, 1 failed\n" raf-box --mask 590,290,20,20)
check(0 "ok   raf-box\n1 passed, 0 failed\n" raf-box --mask 590,290,20,20 --ignore-aa)
file(COPY_FILE ${GOLDEN}/raf-box/frame-00050.png ${WORK}/${raf}/frame-00050.png)
# A near-white pixel is within pixelmatch's default threshold, not within exact.
poke(${raf}/frame-00010.png ${raf}/frame-00010.png pixel 600 300 fafafa)
check(1 "FAIL raf-box: ${one}\n  ${one}\n0 passed, 1 failed\n" raf-box)
check(0 "ok   raf-box\n1 passed, 0 failed\n" raf-box --threshold)
# One transcript line: a unified diff on stdout and in transcript.diff.
file(READ ${WORK}/${raf}/transcript.txt text)
string(REPLACE "frame 10 box x=40\n" "frame 10 box x=41\n" bad "${text}")
file(WRITE ${WORK}/${raf}/transcript.txt "${bad}")
set(diff "--- golden/raf-box/transcript.txt\n+++ actual\n@@ -8,7 +8,7 @@\n")
string(APPEND diff " 112.000 frame 7 box x=28\n 128.000 frame 8 box x=32\n"
       " 144.000 frame 9 box x=36\n-160.000 frame 10 box x=41\n+160.000 frame 10 box x=40\n"
       " 176.000 frame 11 box x=44\n 192.000 frame 12 box x=48\n 208.000 frame 13 box x=52\n")
check(1 "FAIL raf-box: transcript.txt differs (2 lines); ${one}\n${diff}  ${one}\n0 passed, 1 failed\n"
      raf-box)
results(raf-box/transcript.diff raf-box/frame-00010-actual.png raf-box/frame-00010-expected.png
        raf-box/frame-00010-diff.png)
file(READ ${WORK}/results/raf-box/transcript.diff written)
if(NOT written STREQUAL diff)
  message(FATAL_ERROR "transcript.diff:\n${written}")
endif()

# A truncated PNG and a wrong-size PNG.
poke(${raf}/frame-00020.png ${raf}/frame-00020.png truncate 1000)
poke(${raf}/frame-00030.png ${raf}/frame-00030.png size 320x180)
golden_hash(before)
set(trunc "corrupt golden golden/raf-box/frame-00020.png: truncated PNG: chunk IDAT at byte 33 needs")
set(size "frame-00030.png: size 640x360, golden 320x180")
run(1 HAS "FAIL raf-box: transcript.txt differs (2 lines); 3 frames fail (first: ${one})\n"
          "\n  ${one}\n  ${trunc} 4223 bytes, 967 left\n  ${size}\n0 passed, 1 failed\n"
      ARGS raf-box)
results(raf-box/transcript.diff raf-box/frame-00010-actual.png raf-box/frame-00010-expected.png
        raf-box/frame-00010-diff.png raf-box/frame-00020-actual.png
        raf-box/frame-00030-actual.png raf-box/frame-00030-expected.png)
golden_hash(after)
if(NOT before STREQUAL after)
  message(FATAL_ERROR "golden/ changed without --update")
endif()

# --update=missing adds only what is absent; the rest still fails.
file(REMOVE ${WORK}/${raf}/frame-00040.png)
run(1 HAS "\n  added golden/raf-box/frame-00040.png\n" ARGS raf-box --update=missing)
if(out MATCHES "updated")
  message(FATAL_ERROR "--update=missing updated a golden:\n${out}")
endif()
# --update (changed) rewrites what differs, but reports a corrupt golden and leaves it.
file(SHA256 ${WORK}/${raf}/frame-00020.png corrupt)
run(1 HAS "FAIL raf-box: ${trunc} 4223 bytes, 967 left\n"
          "\n  updated golden/raf-box/transcript.txt\n  updated golden/raf-box/frame-00010.png\n  ${trunc} 4223 bytes, 967 left\n  updated golden/raf-box/frame-00030.png\n0 passed, 1 failed\n"
      ARGS raf-box --update)
file(SHA256 ${WORK}/${raf}/frame-00020.png still)
if(NOT corrupt STREQUAL still)
  message(FATAL_ERROR "--update overwrote a corrupt golden")
endif()
# --update=all (here through FL_UPDATE_GOLDEN) rewrites it too; then all is well.
set(ENV{FL_UPDATE_GOLDEN} all)
run(0 HAS "\n  rewrote corrupt golden/raf-box/frame-00020.png\n" ARGS raf-box)
unset(ENV{FL_UPDATE_GOLDEN})
check(0 "ok   raf-box\n1 passed, 0 failed\n" raf-box)
results()

# A scenario without goldens, and the flow that adds them.
file(REMOVE_RECURSE ${WORK}/golden/classic-order)
set(none "no goldens: golden/classic-order/ is missing (--update=missing adds them)")
check(1 "FAIL classic-order: ${none}\n0 passed, 1 failed\n" classic-order)
check(0 "ok   classic-order\n  added golden/classic-order/\n  added golden/classic-order/transcript.txt\n  added golden/classic-order/summary.json\n1 passed, 0 failed\n"
      classic-order --update=missing)
file(READ ${GOLDEN}/classic-order/transcript.txt want)
file(READ ${WORK}/golden/classic-order/transcript.txt got)
if(NOT want STREQUAL got)
  message(FATAL_ERROR "--update=missing wrote another transcript:\n${got}")
endif()

# A summary field and the expected exit status.
file(READ ${WORK}/golden/long-task-jank/summary.json json)
string(REPLACE "\"frames_dropped\": 5," "\"frames_dropped\": 4," json "${json}")
file(WRITE ${WORK}/golden/long-task-jank/summary.json "${json}")
check(1 "FAIL long-task-jank: summary.json differs (1 field)\n  frames_dropped: expected 4, actual 5\n0 passed, 1 failed\n"
      long-task-jank)
results(long-task-jank/summary.diff)
file(REMOVE ${WORK}/golden/microtask-livelock/exit-status)
run(1 HAS "FAIL microtask-livelock: exit status 1, expected 0 (microtask livelock: more than 1000000 microtasks"
      ARGS microtask-livelock)
check(0 "ok   microtask-livelock\n  added golden/microtask-livelock/exit-status\n1 passed, 0 failed\n"
      microtask-livelock --update=missing)
check(0 "ok   long-task-jank\n  updated golden/long-task-jank/summary.json\n1 passed, 0 failed\n"
      long-task-jank --update)

# Obsolete goldens: warned about, removed by --update --prune.
file(COPY_FILE ${WORK}/${raf}/frame-00000.png ${WORK}/${raf}/frame-00099.png)
file(MAKE_DIRECTORY ${WORK}/golden/gone)
file(WRITE ${WORK}/golden/gone/transcript.txt "0.000 gone\n")
set(w1 "warning: obsolete golden golden/raf-box/frame-00099.png (not a golden frame of this run; --update --prune removes it)")
set(w2 "warning: obsolete golden golden/gone (no scenario has this name; --update --prune removes it)")
run(0 HAS "\nok   raf-box\n${w1}\n" "\n${w2}\n" " passed, 0 failed\n")
run(0 HAS "\n  removed golden/raf-box/frame-00099.png (not a golden frame of this run)\n"
          "\n  removed golden/gone (no scenario has this name)\n" ARGS --update --prune)
if(EXISTS ${WORK}/golden/gone OR EXISTS ${WORK}/${raf}/frame-00099.png)
  message(FATAL_ERROR "--update --prune left obsolete goldens")
endif()

# -j 2 prints the same lines in the same order; two shards cover the list once.
execute_process(COMMAND ${CLI} check --golden golden --out results
                WORKING_DIRECTORY ${WORK} OUTPUT_VARIABLE serial)
execute_process(COMMAND ${CLI} check --golden golden --out results -j 2
                WORKING_DIRECTORY ${WORK} OUTPUT_VARIABLE parallel)
if(NOT serial STREQUAL parallel)
  message(FATAL_ERROR "-j 2 differs:\n${parallel}\nfrom:\n${serial}")
endif()
execute_process(COMMAND ${CLI} check --golden golden --out results --shard 1/2
                WORKING_DIRECTORY ${WORK} OUTPUT_VARIABLE s1)
execute_process(COMMAND ${CLI} check --golden golden --out results --shard 2/2 -j2
                WORKING_DIRECTORY ${WORK} OUTPUT_VARIABLE s2)
string(REGEX REPLACE "[0-9]+ passed, 0 failed\n$" "" s1 "${s1}")
string(REGEX REPLACE "[0-9]+ passed, 0 failed\n$" "" s2 "${s2}")
string(REGEX REPLACE "[0-9]+ passed, 0 failed\n$" "" serial "${serial}")
if(NOT "${s1}${s2}" STREQUAL serial OR s1 STREQUAL "" OR s2 STREQUAL "")
  message(FATAL_ERROR "shards:\n${s1}---\n${s2}---\nwant:\n${serial}")
endif()
