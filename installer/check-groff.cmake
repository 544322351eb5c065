# Lints one man page: groff must print no warning. Usage: cmake -DGROFF=groff -DPAGE=file.1 -P check-groff.cmake
execute_process(COMMAND ${GROFF} -man -ww -z ${PAGE} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "groff reports problems in ${PAGE}:\n${err}")
endif()
message(STATUS "${PAGE}: clean")
