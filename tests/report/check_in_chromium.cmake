# Renders `frameloop run long-task-jank --report` in headless Chromium and
# reads the timeline back from the screenshot's pixels (report_pixels): the
# 64 slots of the run as the browser shows them, and the long task and long
# animation frame shapes, 100 ms wide at 8 px per 16 ms slot.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${CLI} run long-task-jank --report ${OUT}/report.html
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "frameloop exit ${rc}: ${err}")
endif()
execute_process(COMMAND ${CHROMIUM} --headless --no-sandbox --disable-gpu --hide-scrollbars
                        --force-device-scale-factor=1 --window-size=1300,900
                        --user-data-dir=${OUT}/profile --screenshot=${OUT}/report.png
                        file://${OUT}/report.html
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err TIMEOUT 90)
if(NOT rc EQUAL 0 OR NOT EXISTS ${OUT}/report.png)
  message(FATAL_ERROR "chromium exit ${rc}: ${err}")
endif()
execute_process(COMMAND ${PIXELS} ${OUT}/report.png RESULT_VARIABLE rc OUTPUT_VARIABLE seen
                ERROR_VARIABLE err)
set(want "presented 32, dropped 5, late 1, presented 26\nlong-task 50x14\nloaf 50x14\n")
if(NOT rc EQUAL 0 OR NOT seen STREQUAL want)
  message(FATAL_ERROR "the timeline in Chromium shows:\n${seen}${err}\nexpected:\n${want}")
endif()
