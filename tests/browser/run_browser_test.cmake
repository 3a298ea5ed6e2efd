# Runs the browser test (ctest -P script, see CMakeLists.txt):
#   1. copies package.json, package-lock.json and the test scripts into WORK_DIR;
#   2. runs `npm ci` there when node_modules is missing or was installed from another lock;
#   3. runs the tests with node --test; screenshots go to WORK_DIR/artifacts.
foreach(var SOURCE_DIR WORK_DIR NODE NPM CHROMIUM CHARFINDER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_browser_test.cmake: -D${var}=... is required")
  endif()
endforeach()

file(GLOB scripts ${SOURCE_DIR}/*.mjs)
foreach(file ${SOURCE_DIR}/package.json ${SOURCE_DIR}/package-lock.json ${scripts})
  get_filename_component(name ${file} NAME)
  file(COPY_FILE ${file} ${WORK_DIR}/${name} ONLY_IF_DIFFERENT)
endforeach()

set(stamp ${WORK_DIR}/node_modules/.charfinder-package-lock.json)
set(install TRUE)
if(EXISTS ${stamp} AND EXISTS ${WORK_DIR}/node_modules/playwright-core/package.json)
  file(READ ${stamp} installed_lock)
  file(READ ${WORK_DIR}/package-lock.json wanted_lock)
  if(installed_lock STREQUAL wanted_lock)
    set(install FALSE)
  endif()
endif()
if(install)
  message(STATUS "npm ci in ${WORK_DIR}")
  execute_process(COMMAND ${NPM} ci --no-audit --no-fund --prefer-offline
                  WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "npm ci failed (${rc}): the browser test needs playwright-core from npm")
  endif()
  file(COPY_FILE ${WORK_DIR}/package-lock.json ${stamp})
endif()

file(MAKE_DIRECTORY ${WORK_DIR}/artifacts)
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env
          CHARFINDER_BINARY=${CHARFINDER} CHROMIUM=${CHROMIUM} ARTIFACTS_DIR=${WORK_DIR}/artifacts
          ${NODE} --test --test-reporter=spec --test-concurrency=1 search_page.test.mjs completion.test.mjs
  WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "browser test failed (${rc}); screenshots in ${WORK_DIR}/artifacts")
endif()
