# cmake/install_units.cmake: runs at INSTALL time (install(CODE) in cmake/install.cmake), so
# the paths written into the systemd units and the config's location follow the prefix of
# this install: `cmake --install build --prefix /usr`, or CPack's /usr, not only the one
# given at configure time. Inputs (set by the caller): CHARFINDER_SOURCE_DIR,
# CHARFINDER_STAGE_DIR, CHARFINDER_SYSCONFDIR, CHARFINDER_BINDIR, CHARFINDER_DOCDIR,
# CHARFINDER_UNIT_DIR (relative dirs are taken from the install prefix).

# GNUInstallDirs' rule for the FULL sysconfdir: prefix /usr -> /etc, /opt/X -> /etc/opt/X,
# anything else -> PREFIX/etc.
function(charfinder_full_dir dir out)
  if(IS_ABSOLUTE "${dir}")
    set(full "${dir}")
  elseif(dir STREQUAL "etc" AND CMAKE_INSTALL_PREFIX MATCHES "^/usr/?$")
    set(full "/etc")
  elseif(dir STREQUAL "etc" AND CMAKE_INSTALL_PREFIX MATCHES "^/opt/(.+)$")
    set(full "/etc/opt/${CMAKE_MATCH_1}")
  else()
    set(full "${CMAKE_INSTALL_PREFIX}/${dir}")
  endif()
  string(REGEX REPLACE "/+" "/" full "${full}")
  set(${out} "${full}" PARENT_SCOPE)
endfunction()

charfinder_full_dir("${CHARFINDER_SYSCONFDIR}" sysconfdir)
charfinder_full_dir("${CHARFINDER_BINDIR}" bindir)
charfinder_full_dir("${CHARFINDER_DOCDIR}" docdir)
charfinder_full_dir("${CHARFINDER_UNIT_DIR}" unitdir)
set(CHARFINDER_BINARY "${bindir}/charfinder")
set(CHARFINDER_CONFIG_FILE "${sysconfdir}/charfinder/charfinder.yaml")
set(CHARFINDER_DOC_FILE "${docdir}/deployment.md")

# file(INSTALL) applies $ENV{DESTDIR} to these absolute destinations and records the files
# in install_manifest.txt, like install() does.
file(INSTALL "${CHARFINDER_SOURCE_DIR}/config/charfinder.production.yaml"
     DESTINATION "${sysconfdir}/charfinder" RENAME charfinder.yaml)
foreach(unit IN ITEMS charfinder.service charfinder-telnet.socket charfinder-http.socket)
  configure_file("${CHARFINDER_SOURCE_DIR}/systemd/${unit}.in"
                 "${CHARFINDER_STAGE_DIR}/${unit}" @ONLY)
  file(INSTALL "${CHARFINDER_STAGE_DIR}/${unit}" DESTINATION "${unitdir}")
endforeach()
