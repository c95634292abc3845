# cmake -DHELP2MAN=... -DARRAYFEED=... -DSECTIONS=... -DOUTPUT=... -P man_page.cmake
# Writes the man page: help2man on `arrayfeed --help`, with the hand-written
# SECTIONS and a COMMANDS section made of each command's own --help (also read
# by help2man), so the page lists exactly the options the binary has.

# help2man's page for `arrayfeed <command> --help`, from its description on.
function(command_help command out)
  execute_process(COMMAND ${HELP2MAN} --no-info --help-option "${command} --help" ${ARRAYFEED}
                  OUTPUT_VARIABLE page RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "help2man could not read '${ARRAYFEED} ${command} --help'")
  endif()
  string(FIND "${page}" ".SH DESCRIPTION\n" start)
  string(LENGTH ".SH DESCRIPTION\n" skip)
  math(EXPR start "${start} + ${skip}")
  string(FIND "${page}" "\n.SH EXAMPLES\n" end)  # the examples, exit codes and pointers every --help ends with
  math(EXPR length "${end} + 1 - ${start}")
  string(SUBSTRING "${page}" ${start} ${length} body)
  # Its own headings (its option groups) become paragraphs under the command's subsection.
  string(REGEX REPLACE "\\.SS \"([A-Za-z ]+:)\"" ".PP\n\\\\fI\\1\\\\fR" body "${body}")
  string(REPLACE ".SH OPTIONS" ".PP\n\\fIOptions:\\fR" body "${body}")
  set(${out} "${body}" PARENT_SCOPE)
endfunction()

# A command whose arguments and options are run's (check) points there
# instead of repeating them.
file(READ ${SECTIONS} sections)
set(commands "[COMMANDS]\n")
foreach(command run check kernels plot info)
  command_help(${command} body)
  string(FIND "${body}" "\n" end_of_description)
  string(SUBSTRING "${body}" 0 ${end_of_description} description)
  string(SUBSTRING "${body}" ${end_of_description} -1 usage)
  string(REPLACE "arrayfeed ${command} " "arrayfeed run " usage_as_run "${usage}")
  if(command STREQUAL run)
    set(run_usage "${usage}")
  elseif(usage_as_run STREQUAL run_usage)
    set(usage "\n.PP\nArguments and options as for \\fBrun\\fR.\n")
  endif()
  string(APPEND commands ".SS ${command}\n${description}${usage}")
endforeach()
get_filename_component(work ${OUTPUT} DIRECTORY)
file(WRITE ${work}/arrayfeed.h2m.generated "${sections}\n${commands}")
execute_process(COMMAND ${HELP2MAN} --no-info --include ${work}/arrayfeed.h2m.generated --output ${OUTPUT} ${ARRAYFEED}
                RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "help2man could not read '${ARRAYFEED} --help'")
endif()
