# Runs one command and checks its exit status and output.
#   -DCMD="prog|arg|arg"      the command ('|' separates arguments)
#   -DEXPECT_RC=N             the exit status it must end with
#   -DSTDOUT_FILE=path        stdout must equal this file byte for byte
#   -DSTDOUT_REGEX=re         stdout must match
#   -DSTDERR_REGEX=re         stderr must match
string(REPLACE "|" ";" cmd "${CMD}")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(failed "")
if(NOT "${rc}" STREQUAL "${EXPECT_RC}")
  string(APPEND failed "exit status ${rc}, expected ${EXPECT_RC}\n")
endif()
if(DEFINED STDOUT_FILE)
  file(READ "${STDOUT_FILE}" want)
  if(NOT out STREQUAL want)
    file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/actual.txt" "${out}")
    execute_process(COMMAND diff -u "${STDOUT_FILE}" "${CMAKE_CURRENT_BINARY_DIR}/actual.txt"
                    OUTPUT_VARIABLE diff)
    string(APPEND failed "stdout differs from ${STDOUT_FILE}:\n${diff}\n")
  endif()
endif()
if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
  string(APPEND failed "stdout does not match '${STDOUT_REGEX}':\n${out}\n")
endif()
if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
  string(APPEND failed "stderr does not match '${STDERR_REGEX}':\n${err}\n")
endif()
if(failed)
  message(FATAL_ERROR "${CMD}\n${failed}")
endif()
