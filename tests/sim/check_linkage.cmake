# The linkage attack of tacit-sim --linkage: devices with one stable habit report for 30 daily periods; the
# brand links consecutive reports of a device by any byte-identical field or payload that is unique in both
# periods. The rate must stay at or below 1% (the full population figure, 10,000 devices, is in
# docs/reporting.md with its command; this test runs a smaller population to stay fast).
execute_process(COMMAND ${SIM} --linkage --devices 300 --periods 30 --epsilon 1 --buckets 30 --seed 3 --json
  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tacit-sim --linkage failed (${rc}): ${out}")
endif()
foreach(field devices_with_consecutive_reports devices_linked linkage_rate reports first_period last_period)
  string(JSON v ERROR_VARIABLE err GET "${out}" ${field})
  if(err)
    message(FATAL_ERROR "tacit-sim --linkage --json lacks '${field}': ${out}")
  endif()
  set(${field} ${v})
endforeach()
if(NOT first_period STREQUAL "2026-11-01" OR NOT last_period STREQUAL "2026-11-30")
  message(FATAL_ERROR "periods ${first_period} .. ${last_period}, expected 2026-11-01 .. 2026-11-30")
endif()
if(devices_with_consecutive_reports LESS 200)
  message(FATAL_ERROR "only ${devices_with_consecutive_reports} devices reported in consecutive periods: ${out}")
endif()
# <= 1%: linked * 100 <= devices with consecutive reports.
math(EXPR scaled "${devices_linked} * 100")
if(scaled GREATER devices_with_consecutive_reports)
  message(FATAL_ERROR "linkage rate ${linkage_rate} is above 1% (${devices_linked} of ${devices_with_consecutive_reports})")
endif()
message(STATUS "tacit-sim linkage: ${devices_linked} of ${devices_with_consecutive_reports} devices linked (${linkage_rate})")
